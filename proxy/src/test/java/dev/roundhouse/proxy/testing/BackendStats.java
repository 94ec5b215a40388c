package dev.roundhouse.proxy.testing;

import dev.roundhouse.backend.testing.BackendProcess;
import dev.roundhouse.backend.testing.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@link BackendProcess} does not expose from the backend's {@code /admin/stats}. */
public final class BackendStats {

  private static final Pattern IN_FLIGHT = Pattern.compile("\"inFlight\"\\s*:\\s*(\\d+)");

  private BackendStats() {}

  /** Requests the backend has started and not finished. */
  public static int inFlight(BackendProcess backend) {
    try (RawHttp client = RawHttp.connect(backend.port())) {
      Matcher matcher = IN_FLIGHT.matcher(client.get("/admin/stats").text());
      if (!matcher.find()) {
        throw new IllegalStateException("no inFlight in /admin/stats of " + backend);
      }
      return Integer.parseInt(matcher.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
