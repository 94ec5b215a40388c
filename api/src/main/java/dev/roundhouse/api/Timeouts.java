package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import java.time.Duration;

/**
 * Time limits of the data path.
 *
 * @param connect how long opening a connection to a backend may take before the next backend is
 *     tried (default 5s)
 * @param request how long a backend may take to send its whole response; past it the client gets
 *     504, or its connection is closed if the response had started (default 60s)
 * @param idle how long a keep-alive connection may sit unused before it is closed, on the client
 *     side and for pooled backend connections (default 60s)
 * @param requestHead how long a client may take to send a whole request head, from the connection's
 *     accept (first request) or from its first byte (later requests on a keep-alive connection);
 *     bytes trickling in do not extend it. Past it the client gets 408 and the connection closes; a
 *     connection that sent nothing is closed without a response. Like HAProxy's {@code timeout
 *     http-request} (default 10s)
 * @param requestBody the longest silence between two reads of a request body; past it the client
 *     gets 408, or its connection is closed if the response had started. Like nginx's {@code
 *     client_body_timeout} (default 60s)
 * @param tunnel the longest silence, both ways, of a connection that an {@code Upgrade} (a
 *     WebSocket) turned into a tunnel; it replaces {@code idle} and {@code request} once the
 *     backend answered {@code 101 Switching Protocols}. Like HAProxy's {@code timeout tunnel}
 *     (default 1h)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Timeouts(
    @JsonPropertyDescription(
            "Time allowed to open a connection to a backend before trying the next one. Default 5s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration connect,
    @JsonPropertyDescription(
            "Time allowed for a backend to send its whole response; past it the client gets 504 (or its connection is closed if the response had started). Default 60s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration request,
    @JsonPropertyDescription(
            "Time a keep-alive connection (client side, and pooled backend connections) may sit unused before it is closed. Default 60s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration idle,
    @JsonPropertyDescription(
            "Time allowed for a whole request head, from the connection's accept (or, on a keep-alive connection, from the first byte of the request); bytes trickling in do not extend it. Past it the client gets 408 and the connection closes. Like HAProxy's `timeout http-request`. Default 10s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration requestHead,
    @JsonPropertyDescription(
            "Longest silence allowed between two reads of a request body. Past it the client gets 408 (or its connection is closed if the response had started). Like nginx's `client_body_timeout`. Default 60s.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration requestBody,
    @JsonPropertyDescription(
            "Longest silence, both ways, of a connection upgraded to a tunnel (a WebSocket, after the backend's 101 Switching Protocols); it replaces idle and request once upgraded. Like HAProxy's `timeout tunnel`. Default 1h.")
        @JsonSerialize(using = GoDuration.Serializer.class)
        @JsonDeserialize(using = GoDuration.Deserializer.class)
        @SchemaFrom(type = String.class)
        @Pattern(GoDuration.PATTERN)
        Duration tunnel) {

  /** The settings used when the config has no {@code timeouts} section. */
  public static final Timeouts DEFAULTS = new Timeouts(null, null, null, null, null, null);

  /** Fills in the documented defaults. */
  public Timeouts {
    connect = connect != null ? connect : Duration.ofSeconds(5);
    request = request != null ? request : Duration.ofSeconds(60);
    idle = idle != null ? idle : Duration.ofSeconds(60);
    requestHead = requestHead != null ? requestHead : Duration.ofSeconds(10);
    requestBody = requestBody != null ? requestBody : Duration.ofSeconds(60);
    tunnel = tunnel != null ? tunnel : Duration.ofHours(1);
  }

  /** The limits before {@code tunnel} existed, by position; the tunnel's at its default. */
  public Timeouts(
      Duration connect,
      Duration request,
      Duration idle,
      Duration requestHead,
      Duration requestBody) {
    this(connect, request, idle, requestHead, requestBody, null);
  }

  /**
   * The data-path limits {@code connect}, {@code request} and {@code idle}; the client's at their
   * defaults.
   */
  public Timeouts(Duration connect, Duration request, Duration idle) {
    this(connect, request, idle, null, null, null);
  }
}
