import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the printer columns of a generated CRD in the order {@code kubectl get} should show them.
 *
 * <p>fabric8's CRD generator writes {@code additionalPrinterColumns} sorted by JSON path, and
 * kubectl shows them in the CRD's order, so {@code kubectl get lb} read AGE REPLICAS REVISION
 * READY. The build runs this after the generator (api/pom.xml, phase process-classes):
 *
 * <pre>java PrinterColumnOrder.java FILE NAME...</pre>
 *
 * rewrites FILE with its columns in the order of the NAMEs. It works on the generator's own
 * layout (one list item per column, its fields indented under it) and fails, changing nothing,
 * if the file's columns are not exactly the NAMEs: a column added to the Java type must be
 * placed here too.
 */
public final class PrinterColumnOrder {

  private static final Pattern KEY = Pattern.compile("^(\\s*)(- )?additionalPrinterColumns:\\s*$");
  private static final Pattern NAME = Pattern.compile("^\\s*(- )?name: \"?([^\"]+)\"?\\s*$");

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: java PrinterColumnOrder.java FILE NAME...");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    List<String> order = List.of(args).subList(1, args.length);
    List<String> lines = Files.readAllLines(file);
    int key = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (KEY.matcher(lines.get(i)).matches()) {
        key = i;
        break;
      }
    }
    if (key < 0) {
      fail(file, "no additionalPrinterColumns");
    }
    // The list items follow the key, each starting with "- " at one indent, its fields deeper.
    String first = key + 1 < lines.size() ? lines.get(key + 1) : "";
    int itemIndent = first.indexOf("- ");
    if (itemIndent < 0 || !first.substring(0, itemIndent).isBlank()) {
      fail(file, "additionalPrinterColumns is not followed by a list");
    }
    List<List<String>> columns = new ArrayList<>();
    int end = key + 1;
    for (; end < lines.size(); end++) {
      String line = lines.get(end);
      if (line.startsWith(" ".repeat(itemIndent) + "- ")) {
        columns.add(new ArrayList<>());
      } else if (!line.startsWith(" ".repeat(itemIndent + 2))) {
        break;
      }
      columns.get(columns.size() - 1).add(line);
    }
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (List<String> column : columns) {
      String name = null;
      for (String line : column) {
        Matcher m = NAME.matcher(line);
        if (m.matches() && line.indexOf("name:") <= itemIndent + 2) {
          name = m.group(2);
        }
      }
      if (name == null) {
        fail(file, "a printer column without a name: " + column);
      }
      byName.put(name, column);
    }
    if (!byName.keySet().equals(Set.copyOf(order)) || byName.size() != order.size()) {
      fail(file, "its printer columns are " + byName.keySet() + ", the order given names " + order);
    }
    List<String> out = new ArrayList<>(lines.subList(0, key + 1));
    for (String name : order) {
      out.addAll(byName.get(name));
    }
    out.addAll(lines.subList(end, lines.size()));
    Files.write(file, out);
  }

  private static void fail(Path file, String reason) {
    System.err.println("PrinterColumnOrder: " + file + ": " + reason);
    System.exit(1);
  }
}
