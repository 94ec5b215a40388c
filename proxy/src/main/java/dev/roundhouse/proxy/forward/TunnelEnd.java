package dev.roundhouse.proxy.forward;

import io.netty.buffer.ByteBuf;

/**
 * One end of a {@link Tunnel}, as the tunnel sees it: a channel its owner ({@code ClientConnection}
 * for the client, {@link BackendLink} for the backend) switched to carrying bytes. The owner hands
 * what it reads to the tunnel; the tunnel writes to the other end through this. All methods run on
 * the channel's event loop.
 */
public interface TunnelEnd {

  /** Writes bytes read from the other end, not flushed. */
  void relay(ByteBuf bytes);

  /** Sends what was relayed. */
  void flush();

  /** Whether this end takes more now (its write buffer is below the high-water mark). */
  boolean writable();

  /** Reads once more from this end (auto-read is off on both). */
  void readMore();

  /** Closes this end once what was relayed to it went out; nothing if it is closed already. */
  void closeAfterRelayed();
}
