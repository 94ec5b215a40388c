package dev.roundhouse.packaging;

import java.util.List;

/** The three container images: their Dockerfile, the Maven module they package, their name. */
enum Images {
  PROXY("Dockerfile.proxy", "proxy", "ghcr.io/roundhouse-dev/proxy"),
  OPERATOR("Dockerfile.operator", "operator", "ghcr.io/roundhouse-dev/operator"),
  EXAMPLE_BACKEND(
      "examples/backend/Dockerfile", "examples/backend", "ghcr.io/roundhouse-dev/example-backend");

  final String dockerfile;
  final String module;
  final String repository;

  Images(String dockerfile, String module, String repository) {
    this.dockerfile = dockerfile;
    this.module = module;
    this.repository = repository;
  }

  /** The Dockerfile, parsed. */
  Dockerfile parse() {
    return Dockerfile.parse(Repo.path(dockerfile));
  }

  /** The runnable jar's file name, e.g. roundhouse-proxy.jar. */
  String jar() {
    return PomModules.artifactId(module) + ".jar";
  }

  /** The image reference of this build, e.g. ghcr.io/roundhouse-dev/proxy:0.1.0. */
  String reference() {
    return repository + ":" + PomModules.version().replace("-SNAPSHOT", "");
  }

  static List<Images> all() {
    return List.of(values());
  }
}
