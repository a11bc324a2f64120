package io.rescind.core.revocation;

/**
 * Where a reader of the revocation log stands (DESIGN §2, §5): the log's generation, and the transaction horizon
 * below which it has read every committed entry. Entries are read by transaction, not by sequence number: a
 * transaction that took an earlier sequence number may commit after a later one, and reading by sequence would skip
 * it.
 *
 * @param generation the log generation id; a restored database has another, and the reader starts over
 * @param horizon every transaction with a lower id had ended when the reader last read
 */
public record LogPosition(String generation, long horizon) {}
