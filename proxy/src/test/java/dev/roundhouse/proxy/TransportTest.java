package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.proxy.testing.Transports;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.uring.IoUringChannelOption;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Which transport {@code auto} picks, and what the proxy's sockets get without being asked: the
 * listeners and the backend connector set no {@code TCP_NODELAY} option (one system call per
 * connection saved), so that Netty turns Nagle off on every socket is what keeps small responses
 * from waiting for an ACK; and on io_uring, that they read from the event loop's ring of buffers.
 * Real sockets, on each transport that runs here (io_uring and epoll need Linux, and io_uring a
 * kernel that allows it).
 */
class TransportTest {

  @Test
  void autoRunsOnEpollWhereItRunsElseNio() {
    TransportKind expected =
        TransportKind.EPOLL.unavailability() == null ? TransportKind.EPOLL : TransportKind.NIO;
    try (Transport transport = Transport.create(1, TransportKind.AUTO)) {
      assertThat(transport.kind()).isEqualTo(expected);
    }
  }

  @Transports.Each
  void acceptedAndConnectedSocketsHaveNagleOffWithoutAnOption(TransportKind kind) throws Exception {
    Transports.assumeRunsHere(kind);
    onAnAcceptedAndAConnectedSocket(
        kind,
        (accepted, connected) -> {
          assertThat(accepted.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
          assertThat(connected.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
        });
  }

  /**
   * Without the ring, Netty's io_uring connections wait on a multishot poll that can drop the
   * report of a peer's close (the {@link Transport} class comment); both sides of the proxy need
   * it. (Netty's default, -1, is no ring.)
   */
  @Test
  void ioUringAcceptedAndConnectedSocketsReadFromTheLoopsRingOfBuffers() throws Exception {
    Transports.assumeRunsHere(TransportKind.IO_URING);
    onAnAcceptedAndAConnectedSocket(
        TransportKind.IO_URING,
        (accepted, connected) -> {
          assertThat(accepted.config().getOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID))
              .isPositive();
          assertThat(connected.config().getOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID))
              .isPositive();
        });
  }

  /**
   * Runs {@code check} on a connection as the proxy accepts it ({@link Transport#listening()}) and
   * one as it connects ({@link Transport#connecting()}), on real sockets of {@code kind}.
   */
  private static void onAnAcceptedAndAConnectedSocket(
      TransportKind kind, BiConsumer<Channel, Channel> check) throws Exception {
    try (Transport transport = Transport.create(1, kind)) {
      CompletableFuture<Channel> accepted = new CompletableFuture<>();
      Channel server =
          transport
              .listening()
              .childHandler(
                  new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                      accepted.complete(ctx.channel());
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      Channel client =
          transport
              .connecting()
              .group(transport.group())
              .handler(new ChannelInboundHandlerAdapter())
              .connect(server.localAddress())
              .sync()
              .channel();
      try {
        check.accept(accepted.get(10, TimeUnit.SECONDS), client);
      } finally {
        client.close().sync();
        server.close().sync();
      }
    }
  }
}
