/**
 * The table's reads through the DynamoDB client: a list of the list index, items by exact key, one
 * node's observations, the registry. Each item is decoded by core's codecs; one that does not decode
 * is reported and left out.
 */
package dev.wgroam.aws.table;
