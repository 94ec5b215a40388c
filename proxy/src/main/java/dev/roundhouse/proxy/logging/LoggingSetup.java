package dev.roundhouse.proxy.logging;

import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.LogLevel;
import dev.roundhouse.api.Logging;
import java.io.OutputStream;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures logback in code from the config's {@code logging} section, and again at each reload.
 *
 * <ul>
 *   <li>Application lines (every logger but the access log) go to the output synchronously, at
 *       {@code logging.level} and above: they are few, and the last one before a crash must not sit
 *       in a queue.
 *   <li>Access lines (logger {@value #ACCESS_LOGGER}) go through a {@link BatchingAppender}: the
 *       event loop only puts the event in a bounded queue of {@value #ACCESS_QUEUE} lines and a
 *       writer thread encodes and writes them in batches. When the queue is full (the output cannot
 *       keep up), new lines are dropped instead of waiting. {@code logging.accessLog: false} turns
 *       the logger off, so {@link AccessLog} does no work at all. The access log does not depend on
 *       {@code logging.level}.
 * </ul>
 *
 * <p>A new format replaces both appenders: the new ones are attached before the old ones are
 * detached (the old access queue is drained, for up to a second), so no line is lost at a reload.
 */
public final class LoggingSetup implements AutoCloseable {

  /** The logger of the access log. */
  public static final String ACCESS_LOGGER = "roundhouse.access";

  /** Access lines that may wait for the output before new ones are dropped. */
  public static final int ACCESS_QUEUE = 8192;

  /**
   * How long stopping the access log (at shutdown, at a new format) may take to write its queue.
   */
  private static final long MAX_FLUSH_MILLIS = 1000;

  /**
   * What the proxy logs with before its first config is in force (and when none can be loaded):
   * readable text at {@code info}, since whoever reads a failed start is most likely a person.
   */
  public static final Logging STARTUP = new Logging(LogLevel.INFO, LogFormat.TEXT, true);

  private final LoggerContext context;
  private final OutputStream out;
  private final Logger root;
  private final Logger access;
  private Appender<ILoggingEvent> applicationAppender;
  private Appender<ILoggingEvent> accessAppender;
  private LogFormat format;
  private Logging settings;

  /** Logging of {@code context} to {@code out}; nothing changes until {@link #apply}. */
  public LoggingSetup(LoggerContext context, OutputStream out) {
    this.context = requireNonNull(context, "context");
    this.out = new ShieldedOutputStream(requireNonNull(out, "out"));
    this.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    this.access = context.getLogger(ACCESS_LOGGER);
  }

  /**
   * The process's logging, to standard output, with {@code java.util.logging} (the JDK, fabric8's
   * HTTP client) routed into it.
   */
  public static LoggingSetup forProcess() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LoggingSetup setup = new LoggingSetup(context, System.out);
    setup.bridgeJavaUtilLogging();
    return setup;
  }

  /**
   * Routes {@code java.util.logging} into logback, with JUL levels following logback's so that
   * disabled JUL calls stay cheap.
   */
  public void bridgeJavaUtilLogging() {
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  /** Applies these settings; cheap when only the level or the access-log switch changed. */
  public synchronized void apply(Logging settings) {
    requireNonNull(settings, "settings");
    if (settings.format() != format) {
      replaceAppenders(settings.format());
      format = settings.format();
    }
    root.setLevel(Level.toLevel(settings.level().name()));
    access.setLevel(settings.accessLog() ? Level.INFO : Level.OFF);
    this.settings = settings;
  }

  /** The settings in force, or null before the first {@link #apply}. */
  public synchronized Logging settings() {
    return settings;
  }

  /** The logger {@link AccessLog} writes to. */
  public org.slf4j.Logger accessLogger() {
    return access;
  }

  /** Writes out what is queued and stops the appenders; for shutdown. */
  @Override
  public synchronized void close() {
    root.detachAndStopAllAppenders();
    access.detachAndStopAllAppenders();
    applicationAppender = null;
    accessAppender = null;
    format = null;
  }

  private void replaceAppenders(LogFormat newFormat) {
    Appender<ILoggingEvent> newApplication =
        output("application", Encoders.application(context, newFormat));
    Appender<ILoggingEvent> newAccess = batching(Encoders.access(context, newFormat));
    if (applicationAppender == null) {
      // The first time: whatever logback set up by default (a console appender) goes.
      root.detachAndStopAllAppenders();
      access.detachAndStopAllAppenders();
    }
    root.addAppender(newApplication);
    access.addAppender(newAccess);
    access.setAdditive(false);
    if (applicationAppender != null) {
      root.detachAppender(applicationAppender);
      applicationAppender.stop();
      access.detachAppender(accessAppender);
      accessAppender.stop();
    }
    applicationAppender = newApplication;
    accessAppender = newAccess;
  }

  private Appender<ILoggingEvent> output(
      String name, ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName(name);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    return appender;
  }

  private Appender<ILoggingEvent> batching(
      ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder) {
    BatchingAppender batching = new BatchingAppender(encoder, out, ACCESS_QUEUE, MAX_FLUSH_MILLIS);
    batching.setContext(context);
    batching.setName("access");
    batching.start();
    return batching;
  }
}
