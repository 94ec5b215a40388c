package dev.roundhouse.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.proxy.forward.ErrorResponses;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one table from failure to status, row by row, and the response written for each row. */
class FailureKindTest {

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(FailureKind.NO_HEALTHY_BACKEND, 503, "no_healthy_backend", false),
        Arguments.of(FailureKind.CONNECT_FAILED, 502, "connect_failed", true),
        Arguments.of(FailureKind.CONNECT_TIMEOUT, 502, "connect_timeout", true),
        Arguments.of(FailureKind.RESPONSE_TIMEOUT, 504, "timeout", true),
        Arguments.of(FailureKind.BACKEND_RESET, 502, "reset", true),
        Arguments.of(FailureKind.BAD_RESPONSE, 502, "bad_response", true),
        Arguments.of(FailureKind.BAD_REQUEST, 400, "bad_request", false),
        Arguments.of(FailureKind.AMBIGUOUS_LENGTH, 400, "ambiguous_length", false),
        Arguments.of(FailureKind.URI_TOO_LONG, 414, "uri_too_long", false),
        Arguments.of(FailureKind.HEADERS_TOO_LARGE, 431, "headers_too_large", false),
        Arguments.of(FailureKind.METHOD_NOT_SUPPORTED, 501, "method_not_supported", false),
        Arguments.of(FailureKind.CLIENT_TIMEOUT, 408, "client_timeout", false),
        Arguments.of(FailureKind.CLIENT_CLOSED, 499, "client_closed", false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("table")
  void eachKindHasItsStatusLabelAndBlame(
      FailureKind kind, int status, String label, boolean backendFault) {
    assertThat(kind.status()).isEqualTo(status);
    assertThat(kind.label()).isEqualTo(label);
    assertThat(kind.backendFault()).isEqualTo(backendFault);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("table")
  void theErrorResponseCarriesTheStatusAndTheRequestId(FailureKind kind, int status) {
    FullHttpResponse response =
        ErrorResponses.of(kind, "req-1", false, true, ByteBufAllocator.DEFAULT);
    try {
      assertThat(response.status().code()).isEqualTo(status);
      assertThat(response.headers().get("X-Request-Id")).isEqualTo("req-1");
      assertThat(response.headers().get("Connection")).isEqualTo("close");
      String body = response.content().toString(StandardCharsets.UTF_8);
      assertThat(body).startsWith(status + " ").contains("request id: req-1");
      assertThat(response.headers().getInt("Content-Length")).isEqualTo(body.length());
    } finally {
      response.release();
    }
  }

  @Test
  void theTableCoversEveryKind() {
    EnumSet<FailureKind> covered = EnumSet.noneOf(FailureKind.class);
    table().forEach(row -> covered.add((FailureKind) row.get()[0]));
    assertThat(covered).isEqualTo(EnumSet.allOf(FailureKind.class));
  }

  @Test
  void aHeadRequestGetsHeadersOnly() {
    FullHttpResponse response =
        ErrorResponses.of(
            FailureKind.NO_HEALTHY_BACKEND, "req-2", true, false, ByteBufAllocator.DEFAULT);
    try {
      assertThat(response.content().readableBytes()).isZero();
      assertThat(response.headers().getInt("Content-Length")).isPositive();
      assertThat(response.headers().contains("Connection")).isFalse();
    } finally {
      response.release();
    }
  }
}
