package dev.roundhouse.proxy.logging;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** An output that hangs every write until released, like a full pipe or a stalled disk. */
final class BlockingOutputStream extends OutputStream {

  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicLong writes = new AtomicLong();
  private final StringBuilder text = new StringBuilder();

  void release() {
    released.countDown();
  }

  long writes() {
    return writes.get();
  }

  synchronized long lines() {
    return text.chars().filter(c -> c == '\n').count();
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    try {
      if (released.getCount() > 0) {
        released.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    synchronized (this) {
      writes.incrementAndGet();
      text.append(new String(b, off, len, StandardCharsets.UTF_8));
    }
  }
}
