package dev.roundhouse.backend.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * The body of a {@code size=N} response: exactly N bytes of the repeating alphabet {@code
 * abc...xyzabc...}, produced chunk by chunk as the connection can take them.
 *
 * <p>The bytes are never built in memory: every chunk is a slice of one shared, read-only 64 KiB
 * buffer, so a 256 MiB body costs no more memory than a small one. Byte {@code i} of the body is
 * {@link #byteAt(long) byteAt(i)}, which lets a test check a body that went through a proxy.
 */
public final class PatternBody implements ChunkedInput<ByteBuf> {

  private static final int PERIOD = 26;

  /** A multiple of the period, so that each full chunk starts again at 'a'. */
  private static final int CHUNK = PERIOD * 2520;

  /** Shared by all connections; never released and never written to after this initializer. */
  private static final ByteBuf PATTERN = pattern();

  private final long length;
  private long offset;

  /** A body of {@code length} bytes. */
  public PatternBody(long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    this.length = length;
  }

  /** The byte at position {@code index} of any pattern body. */
  public static byte byteAt(long index) {
    return (byte) ('a' + (int) (index % PERIOD));
  }

  @Override
  public boolean isEndOfInput() {
    return offset >= length;
  }

  @Override
  public void close() {
    // nothing to release: the chunks are slices of the shared pattern
  }

  @Deprecated
  @Override
  public ByteBuf readChunk(ChannelHandlerContext ctx) {
    return readChunk(ctx.alloc());
  }

  @Override
  public ByteBuf readChunk(ByteBufAllocator allocator) {
    if (isEndOfInput()) {
      return null;
    }
    int size = (int) Math.min(CHUNK, length - offset);
    ByteBuf chunk = PATTERN.slice((int) (offset % PERIOD), size);
    offset += size;
    return chunk;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public long progress() {
    return offset;
  }

  private static ByteBuf pattern() {
    ByteBuf buffer = Unpooled.directBuffer(CHUNK + PERIOD);
    for (int i = 0; i < CHUNK + PERIOD; i++) {
      buffer.writeByte(byteAt(i));
    }
    return Unpooled.unreleasableBuffer(buffer);
  }
}
