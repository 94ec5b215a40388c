package dev.roundhouse.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * JSON Schema validation with networknt's validator. Schemas and instances cross over as JSON text:
 * the validator uses Jackson 3, the rest of the build Jackson 2.
 */
final class JsonSchemas {

  private final Schema schema;

  private JsonSchemas(Schema schema) {
    this.schema = schema;
  }

  /** A validator for {@code schema}, read with the rules of {@code version}. */
  static JsonSchemas of(JsonNode schema, SpecificationVersion version) {
    return new JsonSchemas(
        SchemaRegistry.withDefaultDialect(version).getSchema(schema.toString(), InputFormat.JSON));
  }

  /** Every violation of the schema by {@code instance}, each as "path: message"; empty if valid. */
  List<String> problems(JsonNode instance) {
    List<Error> errors = schema.validate(instance.toString(), InputFormat.JSON);
    return errors.stream().map(Error::toString).toList();
  }
}
