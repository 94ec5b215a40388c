package dev.roundhouse.proxy.forward;

import io.netty.channel.ChannelFuture;

/** What an exchange asks of the client connection it belongs to. */
public interface ClientSide {

  /**
   * The exchange can take request body now (connected, or the backend drained its buffer): hand it
   * the queued body and read more from the client.
   */
  void resumeRequestBody();

  /**
   * The exchange is over.
   *
   * @param keepAlive whether the connection may serve another request
   * @param lastWrite the write of the last byte of the response, to close after when not keeping
   *     the connection; null when there is nothing to wait for
   */
  void exchangeDone(ProxyExchange exchange, boolean keepAlive, ChannelFuture lastWrite);
}
