/**
 * Running the operator: its settings, the wiring of the framework, the health and metrics
 * endpoints, the framework's metrics and the logging setup.
 */
package dev.roundhouse.operator.runtime;
