/**
 * The backend's HTTP side: one {@link dev.roundhouse.backend.http.ExchangeHandler} per connection
 * answers requests in order, with streamed bodies and backpressure.
 *
 * <p>{@link dev.roundhouse.backend.http.RequestPlan} decides what a request gets (identity JSON,
 * echo, a sized body, health or admin); {@link dev.roundhouse.backend.http.PatternBody} produces
 * sized bodies without holding them in memory; {@link dev.roundhouse.backend.http.ServerState}
 * holds the switches and counters all connections share; {@link
 * dev.roundhouse.backend.http.AsyncRequestLog} writes one line per request off the event loops.
 */
package dev.roundhouse.backend.http;
