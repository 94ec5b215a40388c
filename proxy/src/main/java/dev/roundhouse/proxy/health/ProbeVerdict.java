package dev.roundhouse.proxy.health;

import dev.roundhouse.api.GoDuration;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Whether a check passed and a short, human description of why, before timing is added. */
record ProbeVerdict(boolean ok, String detail) {

  static ProbeVerdict of(int status) {
    return new ProbeVerdict(status >= 200 && status < 400, "HTTP " + status);
  }

  static ProbeVerdict failed(String detail) {
    return new ProbeVerdict(false, detail);
  }

  /**
   * A failure cause as an operator reads it: "connection refused", not a stack trace.
   *
   * @param timeout the check's timeout, or null where it is unknown
   */
  static String describe(Throwable cause, Duration timeout) {
    Throwable t = cause;
    while (t instanceof DecoderException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof ConnectTimeoutException) {
      return timeout == null
          ? "connect timed out"
          : "connect timed out after " + GoDuration.format(timeout);
    }
    if (t instanceof ConnectException) {
      return "connection refused";
    }
    if (t instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (t instanceof UnknownHostException) {
      return "unknown host " + t.getMessage();
    }
    if (t instanceof SSLException) {
      return "TLS failed: " + t.getMessage();
    }
    if (t instanceof ClosedChannelException) {
      return "connection closed before a response";
    }
    String message = t.getMessage();
    String kind = t.getClass().getSimpleName();
    return message == null ? kind : kind + ": " + message.toLowerCase(Locale.ROOT);
  }
}
