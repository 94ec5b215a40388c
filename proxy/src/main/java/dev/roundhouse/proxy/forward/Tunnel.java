package dev.roundhouse.proxy.forward;

import static java.util.Objects.requireNonNull;

import dev.roundhouse.proxy.observe.TunnelSummary;
import dev.roundhouse.proxy.observe.TunnelSummary.ClosedBy;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A connection after {@code 101 Switching Protocols}: bytes relayed both ways between the client
 * and the backend, with the HTTP codecs gone from both pipelines. The {@link ProxyExchange} that
 * got the 101 opens it; the two channel owners switch their channels to it ({@link TunnelEnd}) and
 * report what they read.
 *
 * <p>Backpressure, as Netty's proxy example does it: each direction reads one buffer, writes it to
 * the other end, and reads again only once the other end is writable; while it is not, that
 * direction waits for its drain. So a slow reader on either side holds at most a write buffer's
 * worth of the fast side in memory, never more.
 *
 * <p>It ends once, when either end closes (the other is closed after what it was sent went out),
 * when nothing went either way for {@code timeouts.tunnel}, or at shutdown; the summary goes to the
 * exchange, which reports it. All methods run on the connection's event loop.
 */
public final class Tunnel {

  private final EventLoop loop;
  private final long idleNanos;
  private final Consumer<TunnelSummary> onClose;
  private final long openedAt;
  private final Flow up = new Flow(); // client to backend
  private final Flow down = new Flow(); // backend to client
  private @Nullable TunnelEnd client;
  private @Nullable TunnelEnd backend;
  private boolean started;
  private boolean closed;
  private long lastActive;
  private @Nullable ScheduledFuture<?> idleCheck;

  /**
   * A tunnel on {@code loop} that closes after {@code idle} without a byte either way and hands its
   * summary to {@code onClose}. Bytes reported before {@link #start} wait for it.
   */
  Tunnel(EventLoop loop, Duration idle, Consumer<TunnelSummary> onClose) {
    this.loop = requireNonNull(loop, "loop");
    this.idleNanos = requireNonNull(idle, "idle").toNanos();
    this.onClose = requireNonNull(onClose, "onClose");
    this.openedAt = now();
    this.lastActive = openedAt;
  }

  /**
   * Starts relaying between the two ends, both switched: what either sent while the other was still
   * switching goes out first.
   */
  void start(TunnelEnd clientEnd, TunnelEnd backendEnd) {
    this.client = requireNonNull(clientEnd, "clientEnd");
    this.backend = requireNonNull(backendEnd, "backendEnd");
    if (closed) { // an end closed while switching
      client.closeAfterRelayed();
      backend.closeAfterRelayed();
      return;
    }
    started = true;
    up.start(client, backend);
    down.start(backend, client);
    scheduleIdleCheck(idleNanos);
  }

  // ---- what the client connection reports ---------------------------------------------------

  /** The client sent {@code bytes}. */
  public void fromClient(ByteBuf bytes) {
    up.relay(bytes);
  }

  /** A read from the client is over: send it on, and read more if the backend keeps up. */
  public void clientReadComplete() {
    up.readComplete();
  }

  /** The client drained its write buffer: read more from the backend. */
  public void clientWritable() {
    down.drained();
  }

  /** The client connection closed. */
  public void clientClosed() {
    close(ClosedBy.CLIENT);
  }

  /** The proxy is shutting down and the drain timeout is over. */
  public void shutDown() {
    close(ClosedBy.SHUTDOWN);
  }

  // ---- what the backend link reports --------------------------------------------------------

  void fromBackend(ByteBuf bytes) {
    down.relay(bytes);
  }

  void backendReadComplete() {
    down.readComplete();
  }

  void backendWritable() {
    up.drained();
  }

  void backendClosed() {
    close(ClosedBy.BACKEND);
  }

  // ---- ending ---------------------------------------------------------------------------------

  private void close(ClosedBy by) {
    if (closed) {
      return;
    }
    closed = true;
    if (idleCheck != null) {
      idleCheck.cancel(false);
      idleCheck = null;
    }
    up.discard();
    down.discard();
    if (client != null) {
      client.closeAfterRelayed();
    }
    if (backend != null) {
      backend.closeAfterRelayed();
    }
    onClose.accept(new TunnelSummary(Duration.ofNanos(now() - openedAt), up.bytes, down.bytes, by));
  }

  private void scheduleIdleCheck(long nanos) {
    idleCheck = loop.schedule(this::idleCheck, nanos, TimeUnit.NANOSECONDS);
  }

  private void idleCheck() {
    idleCheck = null;
    if (closed) {
      return;
    }
    long left = lastActive + idleNanos - now();
    if (left > 0) {
      scheduleIdleCheck(left);
    } else {
      close(ClosedBy.IDLE);
    }
  }

  private long now() {
    return loop.ticker().nanoTime();
  }

  /** One direction: what one end reads, the other writes. */
  private final class Flow {
    private @Nullable TunnelEnd from;
    private @Nullable TunnelEnd to;
    private final List<ByteBuf> held = new ArrayList<>(1);
    private long bytes;
    private boolean paused;

    void start(TunnelEnd source, TunnelEnd target) {
      from = source;
      to = target;
      held.forEach(target::relay);
      held.clear();
      readComplete();
    }

    void relay(ByteBuf buf) {
      if (closed) {
        buf.release();
        return;
      }
      bytes += buf.readableBytes();
      lastActive = now();
      if (started) {
        to.relay(buf);
      } else {
        held.add(buf); // the other end is still switching: at most what one read brought
      }
    }

    void readComplete() {
      if (!started || closed) {
        return;
      }
      to.flush();
      if (to.writable()) {
        from.readMore();
      } else {
        paused = true;
      }
    }

    void drained() {
      if (paused && started && !closed) {
        paused = false;
        from.readMore();
      }
    }

    void discard() {
      held.forEach(ByteBuf::release);
      held.clear();
    }
  }
}
