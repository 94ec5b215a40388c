package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/**
 * Bounds on client connections, against floods. A frontend can have its own bound too ({@link
 * Frontend#maxConnections}).
 *
 * @param maxConnections how many client connections the proxy serves at once, over all frontends;
 *     past it every frontend stops accepting until one closes (newcomers wait in the kernel's
 *     backlog), like HAProxy's global {@code maxconn}. No limit when absent: set it below the
 *     process's file-descriptor limit, leaving room for the backend connections
 * @param maxConnectionsPerClient how many connections one client address may have open at once; a
 *     connection past it is closed as soon as it is accepted, without a response (as a HAProxy
 *     {@code tcp-request connection reject} on {@code src_conn_cur} does). No limit when absent.
 *     Behind a NAT or another proxy many clients share an address: size it for that
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Limits(
    @JsonPropertyDescription(
            "How many client connections the proxy serves at once, over all frontends; past it every frontend stops accepting until one closes (newcomers wait in the kernel's backlog), like HAProxy's global `maxconn`. No limit when absent.")
        @Min(1)
        Integer maxConnections,
    @JsonPropertyDescription(
            "How many connections one client address may have open at once; a connection past it is closed as soon as it is accepted, without a response. No limit when absent.")
        @Min(1)
        Integer maxConnectionsPerClient) {

  /** The settings used when the config has no {@code limits} section: no limits. */
  public static final Limits DEFAULTS = new Limits(null, null);
}
