package dev.roundhouse.packaging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** What the root pom.xml says: its modules and the project's version. */
final class PomModules {

  private PomModules() {}

  /** The module directories of the root pom, e.g. "api", "examples/backend". */
  static List<String> modules() {
    NodeList modules = root().getElementsByTagName("module");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < modules.getLength(); i++) {
      out.add(modules.item(i).getTextContent().strip());
    }
    return out;
  }

  /** The project's version, e.g. "0.1.0-SNAPSHOT". */
  static String version() {
    NodeList children = root().getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals("version")) {
        return e.getTextContent().strip();
      }
    }
    throw new AssertionError("no <version> in pom.xml");
  }

  /** The {@code <artifactId>} of the module in {@code dir}. */
  static String artifactId(String dir) {
    Element project = parse(dir + "/pom.xml");
    NodeList children = project.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals("artifactId")) {
        return e.getTextContent().strip();
      }
    }
    throw new AssertionError("no <artifactId> in " + dir + "/pom.xml");
  }

  private static Element root() {
    return parse("pom.xml");
  }

  private static Element parse(String pom) {
    try {
      Document doc =
          DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Repo.path(pom).toFile());
      return doc.getDocumentElement();
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new AssertionError("cannot read " + pom, e);
    }
  }
}
