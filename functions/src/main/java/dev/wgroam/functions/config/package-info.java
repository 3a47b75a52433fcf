/**
 * The functions' configuration from their environment: one reader ({@link dev.wgroam.functions.config.Environment})
 * that each function's config record is built from, validated once, every problem named at once.
 */
package dev.wgroam.functions.config;
