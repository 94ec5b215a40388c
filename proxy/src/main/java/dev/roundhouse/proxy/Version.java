package dev.roundhouse.proxy;

/** The proxy's version, from its jar's manifest ({@code dev} when run from classes). */
final class Version {

  private Version() {}

  /** The version string, e.g. {@code 0.1.0-SNAPSHOT}. */
  static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
