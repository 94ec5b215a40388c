package dev.roundhouse.proxy.tls;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind the TLS handler: counts each failed handshake by reason, and closes a connection whose TLS
 * fails (in the handshake or later) with a debug line at most. Scanners, plain HTTP sent to an
 * HTTPS port and clients that do not trust the certificate fail handshakes all day; a stack trace
 * for each would bury the logs.
 */
final class HandshakeOutcome extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(HandshakeOutcome.class);

  private final String frontend;
  private final TlsMetrics metrics;
  private boolean counted;

  HandshakeOutcome(String frontend, TlsMetrics metrics) {
    this.frontend = requireNonNull(frontend, "frontend");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof SslHandshakeCompletionEvent completion) {
      if (completion.isSuccess()) {
        counted = true; // later TLS errors are the connection's, not the handshake's
      } else {
        failed(ctx, completion.cause());
      }
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable root =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (root instanceof SSLException) {
      failed(ctx, root);
      log.debug("{}: TLS error: {}", ctx.channel(), root.toString());
      ctx.close();
    } else {
      ctx.fireExceptionCaught(cause);
    }
  }

  private void failed(ChannelHandlerContext ctx, Throwable cause) {
    if (counted) {
      return; // the event and the exception of one failure
    }
    counted = true;
    String reason = reason(cause);
    metrics.handshakeFailed(frontend, reason);
    log.debug("{}: TLS handshake failed ({}): {}", ctx.channel(), reason, cause.toString());
  }

  /** A few stable words, for a metric label. */
  static String reason(Throwable cause) {
    if (cause instanceof NotSslRecordException) {
      return "not_tls";
    }
    if (cause instanceof SslHandshakeTimeoutException) {
      return "timeout";
    }
    if (cause instanceof ClosedChannelException
        || String.valueOf(cause.getMessage()).contains("closed")) {
      return "closed";
    }
    return "protocol";
  }
}
