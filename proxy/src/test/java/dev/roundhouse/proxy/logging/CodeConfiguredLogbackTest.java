package dev.roundhouse.proxy.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.LogLevel;
import dev.roundhouse.api.Logging;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CodeConfiguredLogbackTest {

  private final CodeConfiguredLogback provider = new CodeConfiguredLogback();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private LoggingSetup setup;

  @AfterEach
  void stop() {
    if (setup != null) {
      setup.close();
    }
    ((LoggerContext) provider.getLoggerFactory()).stop();
  }

  @Test
  void handsOutAStartedContextWithNoAppenderOfItsOwn() {
    provider.initialize();

    LoggerContext context = (LoggerContext) provider.getLoggerFactory();
    assertThat(context.isStarted()).isTrue();
    assertThat(context.getName()).isEqualTo("default");
    assertThat(context.getMDCAdapter()).isSameAs(provider.getMDCAdapter());
    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders())
        .as("no console appender of logback's automatic configuration")
        .isExhausted();
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .as("no configuration attempted")
        .isEmpty();
  }

  @Test
  void loggingSetupGivesItsContextTheLinesOfTheConfig() {
    provider.initialize();
    LoggerContext context = (LoggerContext) provider.getLoggerFactory();
    setup = new LoggingSetup(context, out);
    setup.apply(new Logging(LogLevel.INFO, LogFormat.TEXT, false));
    Logger logger = context.getLogger("dev.roundhouse.proxy.Test");

    logger.info("listening on port {}", 8080);
    logger.debug("not at info");
    setup.close();

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .singleElement()
        .asString()
        .contains("INFO", "listening on port 8080");
  }
}
