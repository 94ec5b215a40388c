/**
 * Logging: logback configured in code from the config's {@code logging} section ({@link
 * dev.roundhouse.proxy.logging.LoggingSetup}), re-appliable at run time, and the access log ({@link
 * dev.roundhouse.proxy.logging.AccessLog}), written through a bounded asynchronous queue so a slow
 * output never slows the data path.
 */
@NullMarked
package dev.roundhouse.proxy.logging;

import org.jspecify.annotations.NullMarked;
