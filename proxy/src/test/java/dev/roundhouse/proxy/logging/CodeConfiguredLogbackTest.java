package dev.roundhouse.proxy.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.OnConsoleStatusListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CodeConfiguredLogbackTest {

  private final CodeConfiguredLogback provider = new CodeConfiguredLogback();

  @AfterEach
  void stop() {
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
  void installsTheStatusListenerLogbackIsAskedFor() {
    System.setProperty("logback.statusListenerClass", OnConsoleStatusListener.class.getName());
    try {
      provider.initialize();
    } finally {
      System.clearProperty("logback.statusListenerClass");
    }

    LoggerContext context = (LoggerContext) provider.getLoggerFactory();
    assertThat(context.getStatusManager().getCopyOfStatusListenerList())
        .singleElement()
        .isInstanceOf(OnConsoleStatusListener.class);
  }
}
