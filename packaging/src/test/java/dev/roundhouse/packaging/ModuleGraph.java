package dev.roundhouse.packaging;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Which modules {@code mvn -pl <module> -am} builds: the module and, transitively, every module of
 * this repository it depends on (any scope: test dependencies are built too, since -DskipTests
 * still compiles tests).
 */
final class ModuleGraph {

  private ModuleGraph() {}

  /** The module directories built for {@code module} with -am, the module included. */
  static Set<String> alsoMake(String module) {
    Map<String, String> dirByArtifact = new LinkedHashMap<>();
    for (String dir : PomModules.modules()) {
      dirByArtifact.put(PomModules.artifactId(dir), dir);
    }
    Set<String> out = new LinkedHashSet<>();
    collect(module, dirByArtifact, out);
    return out;
  }

  private static void collect(String dir, Map<String, String> dirByArtifact, Set<String> out) {
    if (!out.add(dir)) {
      return;
    }
    for (String artifact : internalDependencies(dir)) {
      String dependency = dirByArtifact.get(artifact);
      if (dependency == null) {
        throw new AssertionError(dir + " depends on " + artifact + ", not a module of pom.xml");
      }
      collect(dependency, dirByArtifact, out);
    }
  }

  private static Set<String> internalDependencies(String dir) {
    Set<String> out = new LinkedHashSet<>();
    try {
      Element project =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(Repo.path(dir + "/pom.xml").toFile())
              .getDocumentElement();
      NodeList dependencies = project.getElementsByTagName("dependency");
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        if (dependency.getParentNode().getParentNode() != project) {
          continue; // dependencyManagement, plugin dependencies
        }
        String group = text(dependency, "groupId");
        if ("dev.roundhouse".equals(group)) {
          out.add(text(dependency, "artifactId"));
        }
      }
    } catch (Exception e) {
      throw new AssertionError("cannot read " + dir + "/pom.xml", e);
    }
    return out;
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
  }
}
