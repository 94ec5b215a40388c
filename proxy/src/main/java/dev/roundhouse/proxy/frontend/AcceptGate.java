package dev.roundhouse.proxy.frontend;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.observe.RejectionReason;
import dev.roundhouse.proxy.observe.TrafficObserver;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits on a listening socket and lets an accepted connection through only while the connection
 * limits allow, as HAProxy's {@code maxconn} does: at a limit, the listener stops accepting (its
 * auto-read goes off) and new clients wait in the kernel's accept backlog until a connection
 * closes. A connection accepted in the same read as the one that reached the limit waits here, not
 * yet served, and goes first when a place comes free.
 *
 * <p>A connection from an address that has {@code limits.maxConnectionsPerClient} open is closed at
 * once, without a response (counted as rejected, reason {@code per_client}).
 *
 * <p>Runs on the listener's event loop; {@link #wake} may be called from any thread.
 */
final class AcceptGate extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(AcceptGate.class);

  private final ConnectionBudget budget;
  private final int port;
  private final Supplier<String> label;
  private final TrafficObserver observer;
  private final ArrayDeque<Channel> waiting = new ArrayDeque<>();
  private @Nullable ChannelHandlerContext ctx;
  private volatile boolean paused;

  AcceptGate(ConnectionBudget budget, int port, Supplier<String> label, TrafficObserver observer) {
    this.budget = requireNonNull(budget, "budget");
    this.port = port;
    this.label = requireNonNull(label, "label");
    this.observer = requireNonNull(observer, "observer");
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    budget.register(this);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Channel child = (Channel) msg;
    InetAddress client = addressOf(child);
    if (!budget.admitClient(client)) {
      log.debug("port {}: {} has too many connections open, closed", port, client);
      observer.connectionRejected(label.get(), RejectionReason.PER_CLIENT);
      child.unsafe().closeForcibly();
      return;
    }
    waiting.add(child);
    serve();
  }

  /** Serves waiting connections while there is room, and pauses or resumes accepting to match. */
  private void serve() {
    Channel next;
    while ((next = waiting.peek()) != null && budget.take(port)) {
      waiting.poll();
      InetAddress client = addressOf(next);
      next.closeFuture()
          .addListener(
              f -> {
                budget.releaseClient(client);
                budget.release(port);
              });
      ctx.fireChannelRead(next);
    }
    boolean full = !waiting.isEmpty() || !budget.hasRoom(port);
    if (full != paused && ctx.channel().isActive()) {
      paused = full;
      ctx.channel().config().setAutoRead(!full); // back on, it reads (accepts) at once
      observer.acceptPaused(label.get(), full);
      log.debug("port {}: accepting {}", port, full ? "paused at a connection limit" : "again");
    }
  }

  /** A place may have come free: serve and resume if so. Thread-safe. */
  void wake() {
    if (paused && ctx != null) {
      ctx.executor().execute(this::serve);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    budget.unregister(this);
    if (paused) {
      paused = false;
      observer.acceptPaused(label.get(), false);
    }
    Channel child;
    while ((child = waiting.poll()) != null) {
      budget.releaseClient(addressOf(child));
      child.unsafe().closeForcibly();
    }
    ctx.fireChannelInactive();
  }

  private static InetAddress addressOf(Channel child) {
    return child.remoteAddress() instanceof InetSocketAddress remote
        ? remote.getAddress()
        : InetAddress.getLoopbackAddress();
  }
}
