package dev.roundhouse.operator.reconciler;

import dev.roundhouse.api.ConfigValidator;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.TlsCertificate;
import dev.roundhouse.api.Violation;
import dev.roundhouse.api.v1alpha1.LoadBalancer;
import dev.roundhouse.api.v1alpha1.RolloutSettings;
import dev.roundhouse.api.v1alpha1.ServiceSettings;
import dev.roundhouse.operator.dependent.Names;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Everything about a {@code LoadBalancer} that the CRD schema cannot check: the proxy's own rules
 * ({@link ConfigValidator}, the same the proxy applies to a config file, with paths under {@code
 * spec.}), the names the operator derives from the resource, and an admin server the pod's probes
 * can reach.
 */
final class SpecCheck {

  private static final String DNS_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";

  /**
   * A path of the config inside a message of the proxy's rules ("the same backend as backends[0]",
   * "shorter than healthcheck.interval"): a field of the config followed by {@code .} or {@code [},
   * and not part of a longer word, path or quoted value.
   */
  private static final Pattern PATH_IN_MESSAGE =
      Pattern.compile(
          "(?<![\\w.\\[\\]/\"':@-])("
              + Arrays.stream(LoadBalancerConfig.class.getRecordComponents())
                  .map(RecordComponent::getName)
                  .collect(Collectors.joining("|"))
              + ")(?=[.\\[])");

  private SpecCheck() {}

  /** Every problem of {@code lb}; empty when the operator can run it. */
  static List<Violation> problems(LoadBalancer lb) {
    List<Violation> out = new ArrayList<>();
    checkName(lb.getMetadata().getName(), out);
    if (lb.getSpec() == null) {
      out.add(new Violation("spec", "a LoadBalancer needs a spec with frontends and backends"));
      return out;
    }
    LoadBalancerConfig config = lb.getSpec().config();
    ConfigValidator.validate(config).forEach(v -> out.add(underSpec(v)));
    checkPortNames(config.frontends(), out);
    checkCertificatesAreSecrets(config.frontends(), out);
    if (!config.metrics().listensEverywhere()) {
      out.add(
          new Violation(
              "spec.metrics.address",
              "\""
                  + config.metrics().address()
                  + "\" would keep the admin server from the kubelet's probes and from Prometheus,"
                  + " which reach the pod's IP: use 0.0.0.0 or ::"));
    }
    ServiceSettings service = lb.getSpec().service();
    if (service.externalTrafficPolicy() != null && !service.externallyReachable()) {
      out.add(
          new Violation(
              "spec.service.externalTrafficPolicy",
              "applies to traffic from outside the cluster: it needs service.type NodePort or"
                  + " LoadBalancer, not "
                  + service.type().kubernetesName()));
    }
    checkRollout(lb.getSpec().rollout(), out);
    return out;
  }

  private static void checkRollout(RolloutSettings rollout, List<Violation> out) {
    rollout
        .minHealthyProblem()
        .ifPresent(why -> out.add(new Violation("spec.rollout.minHealthyBackends", why)));
    if (rollout.gateTimeout().isZero() || rollout.gateTimeout().isNegative()) {
      out.add(new Violation("spec.rollout.gateTimeout", "must be longer than 0"));
    }
    if (rollout.unhealthyThreshold() < 1) {
      out.add(new Violation("spec.rollout.unhealthyThreshold", "must be at least 1"));
    }
  }

  /**
   * {@code problem} of the config as a problem of the resource: its path, and the path of any other
   * field its message names, under {@code spec}, so that every path in a condition is one in the
   * resource.
   */
  static Violation underSpec(Violation problem) {
    Violation moved = problem.under("spec");
    return new Violation(
        moved.path(), PATH_IN_MESSAGE.matcher(moved.message()).replaceAll("spec.$1"));
  }

  /** One line that lists every problem, for a condition or an Event. */
  static String describe(List<Violation> problems) {
    return String.join("; ", problems.stream().map(Violation::toString).toList());
  }

  private static void checkName(String name, List<Violation> out) {
    if (!name.matches(DNS_LABEL)) {
      out.add(
          new Violation(
              "metadata.name",
              "\""
                  + name
                  + "\" must start with a letter and hold only lower-case letters, digits and '-',"
                  + " because the Service "
                  + name
                  + Names.PROXY_SUFFIX
                  + " is named after it"));
    } else if (name.length() > Names.MAX_NAME_LENGTH) {
      out.add(
          new Violation(
              "metadata.name",
              "\""
                  + name
                  + "\" is longer than "
                  + Names.MAX_NAME_LENGTH
                  + " characters; the Service name "
                  + name
                  + Names.PROXY_SUFFIX
                  + " would not fit in 63"));
    }
  }

  /**
   * A certificate in a resource is a Secret: the operator mounts it into the pods. Files named in a
   * resource would not exist there (the pods have no other volume), so they are refused here rather
   * than by a proxy that cannot start.
   */
  private static void checkCertificatesAreSecrets(List<Frontend> frontends, List<Violation> out) {
    for (int i = 0; i < frontends.size(); i++) {
      Frontend frontend = frontends.get(i);
      if (frontend == null || frontend.tls() == null) {
        continue;
      }
      String path = "spec.frontends[" + i + "].tls";
      checkSecret(path, frontend.tls().defaultCertificate(), out);
      for (int j = 0; j < frontend.tls().sni().size(); j++) {
        checkSecret(path + ".sni[" + j + "]", frontend.tls().sni().get(j), out);
      }
    }
  }

  private static void checkSecret(String path, TlsCertificate certificate, List<Violation> out) {
    if (certificate != null
        && certificate.secretName() == null
        && (certificate.certificate() != null || certificate.key() != null)) {
      out.add(
          new Violation(
              path,
              "a LoadBalancer names its certificate by Secret (secretName, of type"
                  + " kubernetes.io/tls); certificate and key are files, for the proxy's own config"
                  + " file"));
    }
  }

  /** Service port names are unique, and {@code metrics} is the admin port's. */
  private static void checkPortNames(List<Frontend> frontends, List<Violation> out) {
    Map<String, String> owners = new HashMap<>();
    owners.put(Names.METRICS_PORT_NAME, "the metrics port");
    for (int i = 0; i < frontends.size(); i++) {
      Frontend frontend = frontends.get(i);
      if (frontend == null || frontend.port() == null) {
        continue; // already reported by the validator
      }
      String name = Names.servicePort(frontend);
      String owner = owners.putIfAbsent(name, "spec.frontends[" + i + "]");
      if (owner != null) {
        out.add(
            new Violation(
                "spec.frontends[" + i + "].name",
                "the Service port name \"" + name + "\" is already used by " + owner));
      }
    }
  }
}
