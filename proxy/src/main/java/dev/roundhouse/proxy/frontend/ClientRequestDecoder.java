package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.api.Timeouts;
import dev.roundhouse.proxy.http.HeaderList;
import dev.roundhouse.proxy.http.KnownHeaderNames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Netty's request decoder for a client connection, which also turns away what must not reach a
 * backend: a request that fails {@link RequestChecks} comes out as a {@link RejectedRequest} in its
 * place, and nothing the client sends after it is decoded, since the connection closes once the
 * rejection is answered.
 *
 * <p>It takes the header names clients send on nearly every request ({@link
 * KnownHeaderNames#REQUEST}: {@code User-Agent}, {@code Accept-Encoding}, {@code Cookie} and more)
 * from constants instead of copying each into a new string. Netty's own decoder knows five of them,
 * in one spelling. The syntax checks and size limits are Netty's. Headers and trailers come as
 * {@link HeaderList}s.
 *
 * <p>It carries the connection's {@link ClientTimer}: it tells it of the accept, of each read
 * (before decoding it) and of the connection's end.
 *
 * <p>Public for the JMH benchmark of the request head path ({@code bench/}); the proxy makes one
 * per client connection in {@link FrontendInitializer}.
 */
public final class ClientRequestDecoder extends HttpRequestDecoder {

  private final RequestLimits limits;
  private final ClientTimer timer;
  private boolean discarding;

  /**
   * A decoder for one client connection, held to {@code limits}, its clock the default timeouts.
   */
  public ClientRequestDecoder(RequestLimits limits) {
    this(limits, new ClientTimer(Timeouts.DEFAULTS));
  }

  /** A decoder for one client connection, held to {@code limits} and timed by {@code timer}. */
  ClientRequestDecoder(RequestLimits limits, ClientTimer timer) {
    super(config(limits));
    this.limits = limits; // checked by config()
    this.timer = requireNonNull(timer, "timer");
  }

  private static HttpDecoderConfig config(RequestLimits limits) {
    requireNonNull(limits, "limits");
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(limits.maxRequestLine())
        .setMaxHeaderSize(limits.maxHeaderSize())
        .setMaxChunkSize(limits.maxChunkSize())
        .setHeadersFactory(HeaderList.CHECKED_BY_DECODER)
        .setTrailersFactory(HeaderList.TRAILERS_CHECKED_BY_DECODER);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timer.attach(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    timer.connected();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    timer.bytesArrived(); // first: decoding a whole head moves the timer on
    super.channelRead(ctx, msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    timer.detach();
    super.channelInactive(ctx);
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    timer.detach();
    super.handlerRemoved0(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
      throws Exception {
    if (discarding) {
      buffer.skipBytes(buffer.readableBytes());
      return;
    }
    int from = out.size();
    super.decode(ctx, buffer, out);
    for (int i = from; i < out.size(); i++) {
      if (out.get(i) instanceof HttpRequest request) {
        RejectedRequest rejected = RequestChecks.check(request, limits);
        if (rejected != null) {
          reject(out, i, rejected);
          buffer.skipBytes(buffer.readableBytes());
          return;
        }
      }
    }
  }

  /** Puts {@code rejected} in place of the request at {@code index}, dropping what follows it. */
  private void reject(List<Object> out, int index, RejectedRequest rejected) {
    discarding = true;
    for (int i = out.size() - 1; i >= index; i--) {
      ReferenceCountUtil.release(out.remove(i)); // a decoder failure may come as a full message
    }
    out.add(rejected);
  }

  /**
   * A known name as its shared constant; any other is checked here (a token, not empty), since the
   * lists this decoder fills ({@link HeaderList#CHECKED_BY_DECODER}) do not check names.
   */
  @Override
  protected AsciiString splitHeaderName(byte[] line, int start, int length) {
    AsciiString known = KnownHeaderNames.REQUEST.find(line, start, length);
    return known != null ? known : HeaderList.checkName(super.splitHeaderName(line, start, length));
  }
}
