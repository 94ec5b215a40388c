package dev.roundhouse.proxy.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roundhouse.api.LogFormat;
import dev.roundhouse.api.LogLevel;
import dev.roundhouse.api.Logging;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** java.util.logging (the JDK, fabric8's HTTP client) ends up in the proxy's log, in its format. */
class JavaUtilLoggingBridgeTest {

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final LoggingSetup setup = new LoggingSetup(context, out);

  @AfterEach
  void restoreTheTestLogging() throws Exception {
    setup.close();
    SLF4JBridgeHandler.uninstall();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void julRecordsAreWrittenAsJsonAtTheConfiguredLevel() throws Exception {
    setup.bridgeJavaUtilLogging();
    setup.apply(new Logging(LogLevel.WARN, LogFormat.JSON, true));

    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("io.fabric8.example");
    jul.info("quiet at warn");
    jul.warning("watch connection lost");

    setup.close();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    assertThat(line.get("message").asText()).isEqualTo("watch connection lost");
    assertThat(line.get("logger_name").asText()).isEqualTo("io.fabric8.example");
    assertThat(line.get("level").asText()).isEqualTo("WARN");
  }
}
