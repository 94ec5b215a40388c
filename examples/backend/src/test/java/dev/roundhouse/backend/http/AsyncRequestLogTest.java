package dev.roundhouse.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsyncRequestLogTest {

  @Test
  void writesOneLinePerRequestAndFlushesOnClose() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AsyncRequestLog log = new AsyncRequestLog("3", out);
    log.record("GET", "/a?b=c", 200, 123, 4_500_000);
    log.record("POST", "/echo", 503, 0, 1_000);
    log.close();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0])
        .matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z backend=3 GET /a\\?b=c 200 123B 4500us");
    assertThat(lines[1]).endsWith(" backend=3 POST /echo 503 0B 1us");
  }
}
