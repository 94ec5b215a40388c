package dev.roundhouse.operator;

import dev.roundhouse.api.Backend;
import dev.roundhouse.api.Frontend;
import dev.roundhouse.api.HealthCheck;
import dev.roundhouse.api.v1alpha1.LoadBalancerSpec;
import java.util.Arrays;
import java.util.List;

/** Copies of a spec with one field changed, as a user's edit would. */
final class Specs {

  private Specs() {}

  static LoadBalancerSpec withBackends(LoadBalancerSpec s, String... urls) {
    List<Backend> backends = Arrays.stream(urls).map(Backend::of).toList();
    return new LoadBalancerSpec(
        s.frontends(),
        backends,
        s.algorithm(),
        s.healthcheck(),
        s.timeouts(),
        s.retries(),
        s.logging(),
        s.metrics(),
        s.replicas(),
        s.image(),
        s.service(),
        s.resources(),
        s.revisionHistoryLimit());
  }

  static LoadBalancerSpec withBackendList(LoadBalancerSpec s, List<Backend> backends) {
    return new LoadBalancerSpec(
        s.frontends(),
        backends,
        s.algorithm(),
        s.healthcheck(),
        s.timeouts(),
        s.retries(),
        s.logging(),
        s.metrics(),
        s.replicas(),
        s.image(),
        s.service(),
        s.resources(),
        s.revisionHistoryLimit());
  }

  static LoadBalancerSpec withFrontends(LoadBalancerSpec s, Frontend... frontends) {
    return new LoadBalancerSpec(
        List.of(frontends),
        s.backends(),
        s.algorithm(),
        s.healthcheck(),
        s.timeouts(),
        s.retries(),
        s.logging(),
        s.metrics(),
        s.replicas(),
        s.image(),
        s.service(),
        s.resources(),
        s.revisionHistoryLimit());
  }

  static LoadBalancerSpec withHealthCheck(LoadBalancerSpec s, HealthCheck healthcheck) {
    return new LoadBalancerSpec(
        s.frontends(),
        s.backends(),
        s.algorithm(),
        healthcheck,
        s.timeouts(),
        s.retries(),
        s.logging(),
        s.metrics(),
        s.replicas(),
        s.image(),
        s.service(),
        s.resources(),
        s.revisionHistoryLimit());
  }

  static LoadBalancerSpec withReplicas(LoadBalancerSpec s, int replicas) {
    return new LoadBalancerSpec(
        s.frontends(),
        s.backends(),
        s.algorithm(),
        s.healthcheck(),
        s.timeouts(),
        s.retries(),
        s.logging(),
        s.metrics(),
        replicas,
        s.image(),
        s.service(),
        s.resources(),
        s.revisionHistoryLimit());
  }

  static LoadBalancerSpec withImage(LoadBalancerSpec s, String image) {
    return new LoadBalancerSpec(
        s.frontends(),
        s.backends(),
        s.algorithm(),
        s.healthcheck(),
        s.timeouts(),
        s.retries(),
        s.logging(),
        s.metrics(),
        s.replicas(),
        image,
        s.service(),
        s.resources(),
        s.revisionHistoryLimit());
  }

  static LoadBalancerSpec withHistoryLimit(LoadBalancerSpec s, int limit) {
    return new LoadBalancerSpec(
        s.frontends(),
        s.backends(),
        s.algorithm(),
        s.healthcheck(),
        s.timeouts(),
        s.retries(),
        s.logging(),
        s.metrics(),
        s.replicas(),
        s.image(),
        s.service(),
        s.resources(),
        limit);
  }
}
