package dev.roundhouse.proxy.pool;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The idle connections of one event loop, by backend address. Only that loop's thread touches it,
 * so it needs no lock.
 */
final class LoopPool {

  private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();

  /**
   * The most recently returned connection to {@code address}, or null. Most recent first, so that
   * the least used connections age out under the idle timeout when traffic drops.
   */
  Channel poll(String address) {
    ArrayDeque<Channel> channels = idle.get(address);
    return channels == null ? null : channels.pollLast();
  }

  /** Keeps {@code channel} unless {@code address} already has {@code max} idle connections. */
  boolean offer(String address, Channel channel, int max) {
    ArrayDeque<Channel> channels = idle.computeIfAbsent(address, a -> new ArrayDeque<>());
    if (channels.size() >= max) {
      return false;
    }
    channels.addLast(channel);
    return true;
  }

  /** Takes every idle connection to {@code address} out of the pool. */
  ArrayDeque<Channel> removeAll(String address) {
    ArrayDeque<Channel> channels = idle.remove(address);
    return channels == null ? new ArrayDeque<>() : channels;
  }

  /** Forgets {@code channel}; true if it was idle here. */
  boolean remove(String address, Channel channel) {
    ArrayDeque<Channel> channels = idle.get(address);
    return channels != null && channels.remove(channel);
  }

  int size() {
    int size = 0;
    for (ArrayDeque<Channel> channels : idle.values()) {
      size += channels.size();
    }
    return size;
  }
}
