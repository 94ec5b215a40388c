package dev.roundhouse.proxy.admin;

/**
 * One admin endpoint: answers an {@link AdminRequest} with an {@link AdminResponse}, free of Netty.
 * Where it runs is the route table's business: on the admin server's event loop when it answers at
 * once, on the blocking executor when it was added as blocking ({@link AdminRoutes#getBlocking},
 * {@link AdminRoutes#postBlocking}).
 */
@FunctionalInterface
public interface AdminEndpoint {

  /** Answers {@code request}; an exception becomes a 500. */
  AdminResponse handle(AdminRequest request);
}
