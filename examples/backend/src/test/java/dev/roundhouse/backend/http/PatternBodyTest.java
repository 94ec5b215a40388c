package dev.roundhouse.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

class PatternBodyTest {

  @Test
  void producesExactlyTheLengthAsTheAlphabetRepeated() {
    long length = 3 * 65_520L + 7;
    PatternBody body = new PatternBody(length);
    long offset = 0;
    ByteBuf chunk;
    while ((chunk = body.readChunk(ByteBufAllocator.DEFAULT)) != null) {
      for (int i = 0; i < chunk.readableBytes(); i++) {
        assertThat(chunk.getByte(chunk.readerIndex() + i))
            .isEqualTo(PatternBody.byteAt(offset + i));
      }
      offset += chunk.readableBytes();
      chunk.release();
      assertThat(body.progress()).isEqualTo(offset);
    }
    assertThat(offset).isEqualTo(length);
    assertThat(body.isEndOfInput()).isTrue();
    assertThat(body.length()).isEqualTo(length);
  }

  @Test
  void anEmptyBodyEndsAtOnce() {
    PatternBody body = new PatternBody(0);
    assertThat(body.isEndOfInput()).isTrue();
    assertThat(body.readChunk(ByteBufAllocator.DEFAULT)).isNull();
  }

  @Test
  void thePatternIsTheAlphabet() {
    assertThat(PatternBody.byteAt(0)).isEqualTo((byte) 'a');
    assertThat(PatternBody.byteAt(25)).isEqualTo((byte) 'z');
    assertThat(PatternBody.byteAt(26)).isEqualTo((byte) 'a');
    assertThat(PatternBody.byteAt(1L << 40)).isEqualTo((byte) ('a' + (int) ((1L << 40) % 26)));
  }
}
