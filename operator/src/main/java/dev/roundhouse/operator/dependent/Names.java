package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How the objects the operator creates for a {@code LoadBalancer} are named and labelled, in one
 * place: the dependents, the revision history, the status selector and the docs all follow it.
 *
 * <p>For a LoadBalancer {@code web}: the ConfigMap is {@code web-config}; the Deployment, Service,
 * ServiceAccount, Role, RoleBinding and PodDisruptionBudget are all {@code web-proxy} (names are
 * unique per kind, so they can share one); the admin port's Service is {@code web-admin} (as long
 * as {@code web-proxy}, so the same names fit); ControllerRevisions are {@code web-<hash of the
 * spec>} (hashed with a collision count when a deleted namesake's revision still holds that name).
 */
public final class Names {

  /** Label with the LoadBalancer's name, on every object the operator creates for it. */
  public static final String LOADBALANCER_LABEL = LoadBalancer.GROUP + "/loadbalancer";

  /** {@code app.kubernetes.io/name}: what runs. */
  public static final String NAME_LABEL = "app.kubernetes.io/name";

  /** {@code app.kubernetes.io/instance}: which LoadBalancer. */
  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

  /** {@code app.kubernetes.io/managed-by}: the operator; its informers select on it. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /** {@code app.kubernetes.io/component}. */
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  /** The value of {@link #NAME_LABEL} on the proxy pods and their objects. */
  public static final String APP_NAME = "roundhouse-proxy";

  /** The value of {@link #MANAGED_BY_LABEL}. */
  public static final String MANAGER = "roundhouse-operator";

  /** The label selector of every informer of owned objects: the operator caches only its own. */
  public static final String OWNED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGER;

  /** Label on the admin Service saying its {@code metrics} port serves Prometheus metrics. */
  public static final String SCRAPE_LABEL = LoadBalancer.GROUP + "/scrape";

  /** The annotation on the ConfigMap with the revision number (the proxy reads it). */
  public static final String REVISION_ANNOTATION = LoadBalancer.GROUP + "/revision";

  /** Key of the rendered proxy config in the ConfigMap. */
  public static final String CONFIG_KEY = "config.yaml";

  /** Name of the proxy container in the pods. */
  public static final String CONTAINER = "proxy";

  /** Name of the Service and container port of the admin server. */
  public static final String METRICS_PORT_NAME = "metrics";

  /** Suffix of every name but the ConfigMap's; {@code <name>-proxy} must fit in 63 characters. */
  public static final String PROXY_SUFFIX = "-proxy";

  /** Suffix of the admin Service's name; no longer than {@link #PROXY_SUFFIX}. */
  public static final String ADMIN_SUFFIX = "-admin";

  /** The longest LoadBalancer name whose Service name, {@code <name>-proxy}, is a valid name. */
  public static final int MAX_NAME_LENGTH = 63 - PROXY_SUFFIX.length();

  private Names() {}

  /**
   * Name of a frontend's container port, {@code http-<port>}: container port names are limited to
   * 15 characters, which a frontend's name is not.
   */
  public static String containerPort(Frontend frontend) {
    return "http-" + frontend.port();
  }

  /** Name of a frontend's Service port: the frontend's name, or {@code http-<port>}. */
  public static String servicePort(Frontend frontend) {
    return frontend.name() != null ? frontend.name() : containerPort(frontend);
  }

  /** The ConfigMap with the rendered config: {@code <name>-config}. */
  public static String configMap(LoadBalancer lb) {
    return lb.getMetadata().getName() + "-config";
  }

  /** The Deployment, Service, ServiceAccount, Role, RoleBinding and PDB: {@code <name>-proxy}. */
  public static String proxy(LoadBalancer lb) {
    return lb.getMetadata().getName() + PROXY_SUFFIX;
  }

  /** The ClusterIP Service of the admin port: {@code <name>-admin}. */
  public static String admin(LoadBalancer lb) {
    return lb.getMetadata().getName() + ADMIN_SUFFIX;
  }

  /** Labels that select the proxy pods of {@code lb}; never change them (selectors are fixed). */
  public static Map<String, String> selector(LoadBalancer lb) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME_LABEL, APP_NAME);
    labels.put(INSTANCE_LABEL, lb.getMetadata().getName());
    return labels;
  }

  /** {@link #selector} as a string, for {@code status.selector} (the scale subresource). */
  public static String selectorString(LoadBalancer lb) {
    return new TreeMap<>(selector(lb))
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  /** Labels on every object the operator creates for {@code lb}. */
  public static Map<String, String> labels(LoadBalancer lb) {
    Map<String, String> labels = selector(lb);
    labels.put(COMPONENT_LABEL, "load-balancer");
    labels.put(MANAGED_BY_LABEL, MANAGER);
    labels.put(LOADBALANCER_LABEL, lb.getMetadata().getName());
    return labels;
  }
}
