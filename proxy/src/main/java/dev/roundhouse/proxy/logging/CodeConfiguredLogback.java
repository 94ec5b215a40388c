package dev.roundhouse.proxy.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.util.StatusListenerConfigHelper;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's backend for the proxy process: logback, without logback's automatic configuration.
 *
 * <p>{@code proxy/jvm.options} (and the image) name this class in {@code -Dslf4j.provider}.
 * Logback's own provider first configures itself: it looks for configurators in the service files
 * of every jar, checks its version in two property files, looks for {@code logback-test.xml} and
 * {@code logback.xml}, and failing those builds a console appender. The proxy throws that away at
 * once: {@link LoggingSetup} configures logback in code, from the config's {@code logging} section.
 * This provider skips that work (about 20 ms of CPU at a start of half a second, docs/bench.md
 * "Stop 37") and hands out a started logger context with no appender, which {@link
 * LoggingSetup#apply} gives its appenders before the proxy logs anything ({@code --validate} too).
 *
 * <p>Without the option (the tests, a bare {@code java -jar}) SLF4J finds logback's own provider,
 * and {@link LoggingSetup} replaces what it set up: the same lines either way.
 */
public final class CodeConfiguredLogback implements SLF4JServiceProvider {

  /** The SLF4J API this provider is built for, as logback's own provider declares it. */
  private static final String REQUESTED_API_VERSION = "2.0.99";

  private final LoggerContext context = new LoggerContext();
  // SLF4J reads these two as soon as the provider is constructed.
  private final IMarkerFactory markerFactory = new BasicMarkerFactory();
  private final LogbackMDCAdapter mdcAdapter = new LogbackMDCAdapter();

  /** Called by SLF4J, which makes this provider when it is named in {@code slf4j.provider}. */
  public CodeConfiguredLogback() {}

  @Override
  public void initialize() {
    context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
    context.setMDCAdapter(mdcAdapter);
    // -Dlogback.statusListenerClass still works: logback's own start-up messages, for debugging.
    StatusListenerConfigHelper.installIfAsked(context);
    context.start();
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return context;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return REQUESTED_API_VERSION;
  }
}
