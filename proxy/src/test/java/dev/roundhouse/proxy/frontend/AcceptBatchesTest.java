package dev.roundhouse.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roundhouse.proxy.Transport;
import dev.roundhouse.proxy.TransportKind;
import dev.roundhouse.proxy.testing.Transports;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A burst of clients connecting while the event loop is busy is accepted in one go when the loop
 * comes back, not one client per loop iteration (which, at 256 clients opened at once under load,
 * made the last ones wait 300-500 ms for their first response). Real sockets on each transport that
 * runs here.
 */
class AcceptBatchesTest {

  private static final int CLIENTS = 20;

  @Transports.Each
  void everyQueuedConnectionIsAcceptedInOneRead(TransportKind kind) throws Exception {
    Transports.assumeRunsHere(kind);
    assertThat(readsToAccept(kind, Listeners.acceptBatches())).isEqualTo(1);
  }

  @Test
  void nettysDefaultForAServerChannelNeedsMoreReadsOnEpoll() throws Exception {
    // Why acceptBatches exists; on NIO the default reads up to 16, so this holds on epoll only.
    Transports.assumeRunsHere(TransportKind.EPOLL);
    assertThat(readsToAccept(TransportKind.EPOLL, new ServerChannelRecvByteBufAllocator()))
        .isEqualTo(CLIENTS);
  }

  /**
   * Holds the listener's event loop while {@value #CLIENTS} clients connect (the kernel completes
   * their handshakes into the accept queue), lets it go, and counts the reads it took to accept
   * them all.
   */
  private static int readsToAccept(TransportKind kind, RecvByteBufAllocator allocator)
      throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    CountDownLatch allAccepted = new CountDownLatch(CLIENTS);
    try (Transport transport = Transport.create(1, kind)) {
      Channel server =
          transport
              .listening()
              .option(ChannelOption.RCVBUF_ALLOCATOR, allocator)
              .handler(
                  new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object child) {
                      ((Channel) child).unsafe().closeForcibly(); // counted, not served
                      accepted.incrementAndGet();
                      allAccepted.countDown();
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                      reads.incrementAndGet();
                    }
                  })
              .childHandler(new ChannelInboundHandlerAdapter()) // never reached
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      CountDownLatch loopHeld = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      server
          .eventLoop()
          .execute(
              () -> {
                loopHeld.countDown();
                awaitQuietly(release);
              });
      assertThat(loopHeld.await(10, TimeUnit.SECONDS)).isTrue();
      List<Socket> clients = new ArrayList<>();
      try {
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        for (int i = 0; i < CLIENTS; i++) {
          clients.add(new Socket(address.getAddress(), address.getPort()));
        }
        release.countDown();
        assertThat(allAccepted.await(10, TimeUnit.SECONDS)).isTrue();
        server.eventLoop().submit(() -> null).sync(); // the read that accepted them has completed
        assertThat(accepted.get()).isEqualTo(CLIENTS);
        return reads.get();
      } finally {
        release.countDown();
        for (Socket client : clients) {
          client.close();
        }
        server.close().sync();
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
