package dev.tagstream.broker.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * The ACLs the SASL tests grant are the ACLs docs/operations.md tells operators to grant: its table
 * is parsed and compared, one (service, condition, resource, operation) at a time, with {@link
 * ServiceAcls#TABLE}.
 */
class ServiceAclsTest {
  private static final Path DOC = Path.of("../../docs/operations.md");
  private static final String SECTION = "## Secured clusters: ACLs per service";
  private static final Pattern RESOURCE = Pattern.compile("(topic|group|transactional id) (.+)");
  private static final Pattern PREFIXED_NAME = Pattern.compile("`P([^`]*)`");

  @Test
  void theDocumentedTableIsTheTableTheTestsGrant() throws IOException {
    List<String> documented = expand(documentedRows());
    List<String> code = expand(ServiceAcls.TABLE);
    // The differences, not two 40-line lists: what to add to the code, and what to add to the doc.
    assertEquals(List.of(), minus(documented, code), "in " + DOC + " but not in ServiceAcls");
    assertEquals(List.of(), minus(code, documented), "in ServiceAcls but not in " + DOC);
    assertEquals(documented, code, "the same entries, each once");
    assertTrue(code.size() > 30, "the whole table was read: " + code.size());
  }

  @Test
  void aServiceGetsTheRowsForEveryServiceItsOwnAndItsConditionalOnesOnlyWhenAsked() {
    List<ServiceAcls.Acl> plain = ServiceAcls.of("worker", false);
    List<ServiceAcls.Acl> eos = ServiceAcls.of("worker", true);
    assertEquals(
        new ServiceAcls.Acl(ResourceType.TOPIC, "", PatternType.PREFIXED, AclOperation.DESCRIBE),
        plain.get(0));
    assertEquals(7, plain.size(), plain.toString());
    assertEquals(9, eos.size(), eos.toString());
    assertTrue(
        eos.contains(
            new ServiceAcls.Acl(
                ResourceType.TRANSACTIONAL_ID,
                "tagstream-worker-",
                PatternType.PREFIXED,
                AclOperation.WRITE)));
    assertEquals(
        6, ServiceAcls.without(plain, ResourceType.TOPIC, "images", AclOperation.READ).size());
    assertThrows(
        IllegalArgumentException.class,
        () -> ServiceAcls.without(plain, ResourceType.TOPIC, "images", AclOperation.WRITE));
    assertThrows(IllegalArgumentException.class, () -> ServiceAcls.of("wroker", true));
  }

  private static List<String> minus(List<String> a, List<String> b) {
    return a.stream().filter(x -> !b.contains(x)).toList();
  }

  private static List<ServiceAcls.Row> documentedRows() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    int start = lines.indexOf(SECTION);
    assertTrue(start >= 0, DOC + " has no section '" + SECTION + "'");
    List<ServiceAcls.Row> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (!line.startsWith("|")) {
        if (inTable) {
          break;
        }
        continue;
      }
      inTable = true;
      List<String> cells =
          Stream.of(line.substring(1, line.length() - 1).split("\\|")).map(String::strip).toList();
      if (cells.get(0).equals("Service") || cells.get(0).startsWith("---")) {
        continue;
      }
      rows.add(row(cells, line));
    }
    return rows;
  }

  /** A row's cells: service[, condition] | type `Pname`, ... [(prefixed)] | OP, ... | why. */
  private static ServiceAcls.Row row(List<String> cells, String line) {
    String[] who = cells.get(0).split(", ", 2);
    Matcher r = RESOURCE.matcher(cells.get(1));
    assertTrue(r.matches(), "cannot read the resource of: " + line);
    List<String> names = new ArrayList<>();
    Matcher n = PREFIXED_NAME.matcher(r.group(2));
    while (n.find()) {
      names.add(n.group(1));
    }
    assertTrue(!names.isEmpty(), "no `P...` name in: " + line);
    List<AclOperation> ops =
        Stream.of(cells.get(2).split(", ")).map(o -> AclOperation.valueOf(o.strip())).toList();
    return new ServiceAcls.Row(
        who[0],
        who.length > 1 ? who[1] : "",
        ResourceType.valueOf(r.group(1).toUpperCase(Locale.ROOT).replace(' ', '_')),
        names,
        r.group(2).contains("(prefixed)") ? PatternType.PREFIXED : PatternType.LITERAL,
        ops);
  }

  /** One sorted line per (service, condition, resource, operation): rows may group them freely. */
  private static List<String> expand(List<ServiceAcls.Row> rows) {
    return rows.stream()
        .flatMap(
            row ->
                row.acls()
                    .map(
                        a ->
                            String.join(
                                " | ",
                                row.service(),
                                row.condition(),
                                a.type() + " " + a.pattern() + " P" + a.name(),
                                a.operation().toString())))
        .sorted()
        .toList();
  }
}
