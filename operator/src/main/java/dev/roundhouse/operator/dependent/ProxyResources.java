package dev.roundhouse.operator.dependent;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * CPU and memory of the proxy container, and the JVM's memory flags that follow them.
 *
 * <p>Without {@code spec.resources} the container gets {@link #DEFAULT}, so the pods are Burstable
 * rather than BestEffort (the first evicted under memory pressure) and a namespace with a
 * ResourceQuota admits them. With {@code spec.resources} that is used as given, in whole.
 *
 * <p>The JVM sizes its heap from the container's memory limit (cgroups); the proxy also needs
 * direct memory for Netty's buffers, which by default may grow as large as the heap: together more
 * than the limit, and the kernel kills the container. With a memory limit, the heap gets {@link
 * #HEAP_PERCENT} of it and direct memory a quarter, leaving the rest for metaspace, threads and
 * code. The flags go into {@code JAVA_OPTS_APPEND}, which the proxy image's entrypoint puts after
 * its own {@code JAVA_OPTS} (the last of a repeated flag wins).
 */
final class ProxyResources {

  /** Requests 250m CPU and 256Mi; limits 2 CPUs and 512Mi. */
  static final ResourceRequirements DEFAULT =
      new ResourceRequirementsBuilder()
          .addToRequests("cpu", new Quantity("250m"))
          .addToRequests("memory", new Quantity("256Mi"))
          .addToLimits("cpu", new Quantity("2"))
          .addToLimits("memory", new Quantity("512Mi"))
          .build();

  /** The environment variable the proxy image appends to the JVM's options. */
  static final String JVM_OPTIONS_ENV = "JAVA_OPTS_APPEND";

  /** The heap's share of the memory limit, in percent. */
  static final int HEAP_PERCENT = 50;

  private ProxyResources() {}

  /** The resources of the container: {@code given}, else {@link #DEFAULT}. */
  static ResourceRequirements of(ResourceRequirements given) {
    return given != null ? given : DEFAULT;
  }

  /** The JVM's memory flags for {@code resources}; empty without a memory limit. */
  static Optional<String> jvmOptions(ResourceRequirements resources) {
    if (resources.getLimits() == null || !resources.getLimits().containsKey("memory")) {
      return Optional.empty();
    }
    BigDecimal limit = Quantity.getAmountInBytes(resources.getLimits().get("memory"));
    long directKib = limit.divideToIntegralValue(BigDecimal.valueOf(4L * 1024)).longValue();
    return Optional.of(
        "-XX:MaxRAMPercentage="
            + HEAP_PERCENT
            + ".0 -XX:MaxDirectMemorySize="
            + Math.max(directKib, 1)
            + "k");
  }
}
