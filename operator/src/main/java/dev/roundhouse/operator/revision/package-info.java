/**
 * The revision history of each {@code LoadBalancer}: every distinct spec stored as a
 * ControllerRevision, numbered, pruned, and read back for a rollback.
 */
package dev.roundhouse.operator.revision;
