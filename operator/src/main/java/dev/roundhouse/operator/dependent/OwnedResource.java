package dev.roundhouse.operator.dependent;

import dev.roundhouse.api.v1alpha1.LoadBalancer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import java.util.HashMap;
import java.util.List;

/**
 * An object the operator owns for a {@code LoadBalancer}: created and updated from {@code
 * desired()}, garbage-collected with the resource through its owner reference.
 *
 * <p>Without server-side apply (the setting tests use against the mock API server), the framework's
 * default comparison only notices added or changed fields, so removing a frontend port would never
 * reach the Service. This base compares the whole desired state for equality instead; with
 * server-side apply the framework's managed-fields comparison is used unchanged.
 *
 * @param <R> the kind of object
 */
public abstract class OwnedResource<R extends HasMetadata>
    extends CRUDKubernetesDependentResource<R, LoadBalancer> {

  /** An owned object of {@code type}. */
  protected OwnedResource(Class<R> type) {
    super(type);
  }

  @Override
  public Matcher.Result<R> match(
      R actual, R desired, LoadBalancer primary, Context<LoadBalancer> context) {
    if (useSSA(context)) {
      return super.match(actual, desired, primary, context);
    }
    addMetadata(true, actual, desired, primary, context);
    return GenericKubernetesResourceMatcher.match(desired, actual, false, true, context);
  }

  /** Makes the resource the object's controller, not only an owner as the framework would. */
  @Override
  protected void addReferenceHandlingMetadata(R desired, LoadBalancer primary) {
    desired.getMetadata().setOwnerReferences(List.of(Ownership.of(primary)));
  }

  /** Metadata of an owned object: its name, the resource's namespace and the common labels. */
  protected static ObjectMeta metadata(LoadBalancer lb, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(lb.getMetadata().getNamespace())
        .withLabels(Names.labels(lb))
        // The framework adds its own annotation to every object it writes.
        .withAnnotations(new HashMap<>())
        .build();
  }
}
