/**
 * The ownership function: reads the table's stream, decides client and VPC-prefix owners with the
 * rules of {@code dev.wgroam.ownership}, writes owner items with version checks, and sends one SSM
 * route update per node region per batch.
 */
package dev.wgroam.functions.ownership;
