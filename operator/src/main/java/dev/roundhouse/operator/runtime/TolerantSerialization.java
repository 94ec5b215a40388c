package dev.roundhouse.operator.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * How the operator's Kubernetes client reads objects: like fabric8's default, but a field the
 * operator's types do not have is skipped and an enum value they do not know reads as unset,
 * instead of failing.
 *
 * <p>Why: the informer that watches {@code LoadBalancer}s reads every resource with this mapper,
 * and one it cannot read stops the informer, which stops the whole operator. A CRD newer than the
 * running operator (CRDs and operators are upgraded separately) produces exactly such resources.
 * Tolerance here only keeps the watch alive: before acting on a resource, the reconciler reads its
 * stored spec again strictly ({@code StoredSpec}) and reports a spec it cannot fully read on that
 * resource, leaving what runs untouched.
 */
public final class TolerantSerialization extends KubernetesSerialization {

  /** A serialization with its own mapper. */
  public TolerantSerialization() {
    super(new ObjectMapper(), true);
  }

  @Override
  protected void configureMapper(ObjectMapper mapper) {
    super.configureMapper(mapper);
    mapper
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
  }
}
