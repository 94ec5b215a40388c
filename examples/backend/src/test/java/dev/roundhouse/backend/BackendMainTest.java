package dev.roundhouse.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exits that happen before the server runs; the running server is covered by BackendIT. */
class BackendMainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpPrintsTheFlagsAndExitsZero() throws Exception {
    assertThat(run("-h")).isZero();
    assertThat(text(out)).contains("-port N", "-id NAME", "-quiet", "-host ADDR");
  }

  @Test
  void badFlagExitsOneNamingIt() throws Exception {
    assertThat(run("-prot=9001")).isEqualTo(1);
    assertThat(text(err))
        .contains("roundhouse-example-backend: unknown flag -prot")
        .contains("Run with -help");
  }

  @Test
  void portInUseExitsOneSayingSo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThat(run("-host=127.0.0.1", "-port=" + port, "-threads=1")).isEqualTo(1);
      assertThat(text(err))
          .contains("cannot listen on 127.0.0.1:" + port + ": the port is already in use");
    }
  }

  private int run(String... args) throws InterruptedException {
    return BackendMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
