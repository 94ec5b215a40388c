package dev.roundhouse.proxy.forward;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link FlushBatch} of each event loop, made for its first connection. Thread-safe. */
public final class FlushBatches {

  private final Map<EventLoop, FlushBatch> byLoop = new ConcurrentHashMap<>();

  /** The batch of {@code loop}, for a connection it serves to keep. */
  public FlushBatch of(EventLoop loop) {
    return byLoop.computeIfAbsent(loop, FlushBatch::new);
  }
}
