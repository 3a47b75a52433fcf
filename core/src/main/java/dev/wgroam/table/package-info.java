/**
 * The single DynamoDB table as code: keys, the list index, and one codec per item kind. Reading
 * an item that lacks an attribute or holds a wrong type or value throws
 * {@link dev.wgroam.table.MalformedItemException} naming the item and the attribute.
 */
package dev.wgroam.table;
