package dev.roundhouse.proxy.pool;

/**
 * What the pool has done since it started.
 *
 * @param created connections opened
 * @param reused requests served on a pooled connection
 * @param closedIdle pooled connections closed while idle (idle timeout, or closed by the backend)
 * @param idle connections in the pool now
 */
public record PoolStats(long created, long reused, long closedIdle, int idle) {}
