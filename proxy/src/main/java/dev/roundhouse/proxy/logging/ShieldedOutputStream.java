package dev.roundhouse.proxy.logging;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes writes through but never closes the stream under it: logback closes an appender's stream
 * when the appender stops, which happens at each re-configuration, and standard output must outlive
 * that.
 */
final class ShieldedOutputStream extends OutputStream {

  private final OutputStream out;

  ShieldedOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
