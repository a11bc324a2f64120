package io.rescind.store;

/**
 * The connection pool at one moment, for metrics: connections in use, idle and open, requests waiting for one, and
 * the most it may open.
 */
public record PoolUse(int active, int idle, int total, int waiting, int max) {}
