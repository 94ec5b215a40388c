package dev.roundhouse.proxy.health;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.GoDuration;
import dev.roundhouse.proxy.forward.LazyTlsContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;

/**
 * The real {@link Probe}: one Netty connection per check on a shared event loop group (no thread
 * per backend), {@code GET path} with {@code Connection: close}, and the verdict taken from the
 * status line alone. The body is never read.
 *
 * <p>https backends are checked over TLS with SNI and host name verification, trusting the JDK's
 * trust store unless another {@link SslContext} is given.
 */
public final class HttpProbe implements Probe {

  private final EventLoopGroup group;
  private final Bootstrap connecting;
  private final Supplier<SslContext> ssl;
  private final Clock clock;

  /**
   * A probe whose connections run on {@code group}.
   *
   * @param connecting a bootstrap for connections on {@code group}'s transport, with its socket
   *     type and a resolver that looks host names up off the event loops ({@code
   *     Transport.connecting()}): a lookup blocks, and the loops may carry traffic
   * @param ssl the TLS client context for https backends, e.g. {@link #jdkTrustStore()}
   */
  public HttpProbe(
      EventLoopGroup group, Bootstrap connecting, Supplier<SslContext> ssl, Clock clock) {
    this.group = requireNonNull(group, "group");
    this.connecting = requireNonNull(connecting, "connecting");
    this.ssl = requireNonNull(ssl, "ssl");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * A TLS client context that trusts what the JDK's default trust store trusts, built at the first
   * https check.
   */
  public static Supplier<SslContext> jdkTrustStore() {
    return LazyTlsContext.jdkTrustStore();
  }

  @Override
  public CompletionStage<ProbeResult> check(Backend backend, String path, Duration timeout) {
    Instant start = clock.instant();
    long startNanos = System.nanoTime();
    CompletableFuture<ProbeVerdict> verdict = new CompletableFuture<>();
    Bootstrap bootstrap =
        connecting
            .clone(group)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
            .handler(initializer(backend, verdict));
    ChannelFuture connect = bootstrap.connect(backend.host(), backend.port());
    Channel channel = connect.channel();
    var timer =
        group.schedule(
            () -> verdict.complete(ProbeVerdict.failed("timed out after " + format(timeout))),
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    connect.addListener(
        f -> {
          if (f.isSuccess()) {
            channel.writeAndFlush(request(backend, path));
          } else {
            verdict.complete(ProbeVerdict.failed(ProbeVerdict.describe(f.cause(), timeout)));
          }
        });
    return verdict.thenApply(
        v -> {
          timer.cancel(false);
          channel.close();
          Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
          return new ProbeResult(v.ok(), v.detail(), start, took);
        });
  }

  private ChannelInitializer<Channel> initializer(
      Backend backend, CompletableFuture<ProbeVerdict> verdict) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        if (backend.secure()) {
          SslHandler tls = ssl.get().newHandler(ch.alloc(), backend.host(), backend.port());
          SSLParameters params = tls.engine().getSSLParameters();
          params.setEndpointIdentificationAlgorithm("HTTPS");
          tls.engine().setSSLParameters(params);
          ch.pipeline().addLast(tls);
        }
        ch.pipeline().addLast(new HttpClientCodec(), new ProbeResponseHandler(verdict));
      }
    };
  }

  private static FullHttpRequest request(Backend backend, String path) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
    int defaultPort = backend.secure() ? 443 : 80;
    String host =
        backend.port() == defaultPort ? backend.host() : backend.host() + ":" + backend.port();
    request
        .headers()
        .set(HttpHeaderNames.HOST, host)
        .set(HttpHeaderNames.USER_AGENT, "roundhouse-health-check")
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
        .set(HttpHeaderNames.CONTENT_LENGTH, 0);
    return request;
  }

  private static String format(Duration timeout) {
    return GoDuration.format(timeout);
  }
}
