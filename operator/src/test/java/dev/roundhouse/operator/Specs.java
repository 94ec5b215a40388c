package dev.roundhouse.operator;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.LoadBalancerConfig;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/** Copies of a spec with one field changed, as a user's edit would. */
final class Specs {

  private Specs() {}

  static LoadBalancerSpec withBackends(LoadBalancerSpec s, String... urls) {
    return withBackendList(s, Arrays.stream(urls).map(Backend::of).toList());
  }

  static LoadBalancerSpec withBackendList(LoadBalancerSpec s, List<Backend> backends) {
    return withConfig(s, c -> c.backends(backends));
  }

  static LoadBalancerSpec withFrontends(LoadBalancerSpec s, Frontend... frontends) {
    return withConfig(s, c -> c.frontends(List.of(frontends)));
  }

  static LoadBalancerSpec withHealthCheck(LoadBalancerSpec s, HealthCheck healthcheck) {
    return withConfig(s, c -> c.healthcheck(healthcheck));
  }

  static LoadBalancerSpec withReplicas(LoadBalancerSpec s, int replicas) {
    return new LoadBalancerSpec(
        s.config(),
        replicas,
        s.image(),
        s.service(),
        s.resources(),
        s.revisionHistoryLimit(),
        s.pod(),
        s.rollout());
  }

  static LoadBalancerSpec withImage(LoadBalancerSpec s, String image) {
    return new LoadBalancerSpec(
        s.config(),
        s.replicas(),
        image,
        s.service(),
        s.resources(),
        s.revisionHistoryLimit(),
        s.pod(),
        s.rollout());
  }

  static LoadBalancerSpec withHistoryLimit(LoadBalancerSpec s, int limit) {
    return new LoadBalancerSpec(
        s.config(),
        s.replicas(),
        s.image(),
        s.service(),
        s.resources(),
        limit,
        s.pod(),
        s.rollout());
  }

  private static LoadBalancerSpec withConfig(
      LoadBalancerSpec s, UnaryOperator<LoadBalancerConfig.Builder> edit) {
    return s.withConfig(edit.apply(s.config().toBuilder()).build());
  }
}
