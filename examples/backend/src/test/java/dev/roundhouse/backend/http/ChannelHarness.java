package dev.roundhouse.backend.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One backend connection on an {@link EmbeddedChannel} with the real pipeline: raw request bytes go
 * in, decoded responses come out.
 */
final class ChannelHarness implements AutoCloseable {

  final ServerState state;
  final List<String> logLines = new ArrayList<>();
  final EmbeddedChannel channel;
  private final EmbeddedChannel decoder =
      new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(64 << 20));

  ChannelHarness() {
    this(new ServerState("7"));
  }

  ChannelHarness(ServerState state) {
    this.state = state;
    ChannelGroup group = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
    RequestLog log =
        (method, uri, status, bytes, nanos) ->
            logLines.add(method + " " + uri + " " + status + " " + bytes);
    channel = new EmbeddedChannel(new BackendChannelInitializer(state, log, group));
    channel.freezeTime();
  }

  /** Sends raw bytes, as a client would. */
  ChannelHarness send(String raw) {
    channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    return this;
  }

  /** Sends raw bytes. */
  ChannelHarness send(ByteBuf raw) {
    channel.writeInbound(raw);
    return this;
  }

  /** Moves the channel's clock forward and runs the timers that are due. */
  void advance(long millis) {
    channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }

  /**
   * Everything written so far as text, undecoded (the aggregating decoder rewrites framing headers,
   * and cannot tell the answer to a HEAD).
   */
  String raw() {
    channel.runPendingTasks();
    StringBuilder raw = new StringBuilder();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      raw.append(out.toString(StandardCharsets.ISO_8859_1));
      out.release();
    }
    return raw.toString();
  }

  /** Every complete response written so far (the caller releases them). */
  List<FullHttpResponse> responses() {
    channel.runPendingTasks();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      decoder.writeInbound(out);
    }
    List<FullHttpResponse> responses = new ArrayList<>();
    FullHttpResponse response;
    while ((response = decoder.readInbound()) != null) {
      responses.add(response);
    }
    return responses;
  }

  /** The one response written so far; fails if there is not exactly one. */
  FullHttpResponse single() {
    List<FullHttpResponse> all = responses();
    if (all.size() != 1) {
      all.forEach(FullHttpResponse::release);
      throw new AssertionError("expected one response, got " + all.size());
    }
    return all.get(0);
  }

  static String body(FullHttpResponse response) {
    return response.content().toString(StandardCharsets.UTF_8);
  }

  static String get(String uri, String... headers) {
    StringBuilder raw = new StringBuilder("GET " + uri + " HTTP/1.1\r\nHost: test\r\n");
    for (String header : headers) {
      raw.append(header).append("\r\n");
    }
    return raw.append("\r\n").toString();
  }

  @Override
  public void close() {
    channel.finishAndReleaseAll();
    decoder.finishAndReleaseAll();
  }
}
