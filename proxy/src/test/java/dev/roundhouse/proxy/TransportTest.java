package dev.roundhouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.proxy.testing.Transports;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which transport {@code auto} picks, and what the proxy's sockets get without being asked: the
 * listeners and the backend connector set no {@code TCP_NODELAY} option (one system call per
 * connection saved), so that Netty turns Nagle off on every socket is what keeps small responses
 * from waiting for an ACK. Real sockets, on each transport that runs here (io_uring and epoll need
 * Linux, and io_uring a kernel that allows it).
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
        Channel child = accepted.get(10, TimeUnit.SECONDS);
        assertThat(child.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
        assertThat(client.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
      } finally {
        client.close().sync();
        server.close().sync();
      }
    }
  }
}
