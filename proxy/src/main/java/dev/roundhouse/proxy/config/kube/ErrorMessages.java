package dev.roundhouse.proxy.config.kube;

/** Describes a client failure by what was tried and what finally went wrong. */
final class ErrorMessages {

  private ErrorMessages() {}

  /**
   * fabric8 wraps the cause ("Operation: [get] for kind: [ConfigMap] ... failed.") around what an
   * operator needs ("Connection refused"): say both.
   */
  static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = error.getMessage() != null ? error.getMessage().trim() : error.toString();
    return root == error ? top : top + " (" + root + ")";
  }
}
