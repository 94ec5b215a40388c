package dev.roundhouse.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns Jackson's binding problems (an unknown field, a string where a number belongs, a bad
 * duration) into {@link Violation}s with a path, and lets binding carry on so that one read finds
 * every problem.
 */
final class ProblemCollector extends DeserializationProblemHandler {

  private final List<Violation> problems = new ArrayList<>();

  List<Violation> problems() {
    return problems;
  }

  @Override
  public boolean handleUnknownProperty(
      DeserializationContext ctxt,
      JsonParser p,
      JsonDeserializer<?> deserializer,
      Object beanOrClass,
      String propertyName)
      throws IOException {
    Collection<Object> known = deserializer.getKnownPropertyNames();
    String hint =
        known == null || known.isEmpty()
            ? ""
            : " (known fields: "
                + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                + ")";
    String parent = enclosingPath(ctxt, p);
    String path = parent.isEmpty() ? propertyName : parent + "." + propertyName;
    problems.add(new Violation(path, "unknown field" + hint));
    p.skipChildren();
    return true;
  }

  @Override
  public Object handleWeirdStringValue(
      DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
    String message;
    if (targetType == Duration.class) {
      message = failureMsg;
    } else if (targetType.isEnum()) {
      message = "\"" + value + "\" is not one of " + enumNames(targetType);
    } else {
      message = "\"" + value + "\" is not " + describe(targetType);
    }
    problems.add(new Violation(pathOf(ctxt.getParser()), message));
    return null;
  }

  @Override
  public Object handleWeirdNumberValue(
      DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
    String message =
        targetType == Duration.class ? failureMsg : value + " is not " + describe(targetType);
    problems.add(new Violation(pathOf(ctxt.getParser()), message));
    return null;
  }

  @Override
  public Object handleUnexpectedToken(
      DeserializationContext ctxt,
      JavaType targetType,
      JsonToken t,
      JsonParser p,
      String failureMsg)
      throws IOException {
    problems.add(
        new Violation(
            pathOf(p),
            "expected " + describe(targetType.getRawClass()) + ", found " + describe(t, p)));
    p.skipChildren();
    return null;
  }

  @Override
  public Object handleMissingInstantiator(
      DeserializationContext ctxt,
      Class<?> instClass,
      ValueInstantiator valueInsts,
      JsonParser p,
      String msg)
      throws IOException {
    problems.add(
        new Violation(
            pathOf(p),
            "expected " + describe(instClass) + ", found " + describe(p.currentToken(), p)));
    p.skipChildren();
    return null;
  }

  @Override
  public Object handleInstantiationProblem(
      DeserializationContext ctxt, Class<?> instClass, Object argument, Throwable t) {
    problems.add(new Violation(pathOf(ctxt.getParser()), t.getMessage()));
    return null;
  }

  /**
   * The path of the mapping that holds an unknown field. Read as it is parsed, {@code p} is at the
   * field's value. A record (bound through its constructor) collects its unknown fields first and
   * replays them from a buffer once its mapping has ended: the buffer's contexts are detached from
   * the document, and the document's parser has just left the mapping, so its context is the
   * mapping's own place in its parent.
   */
  private static String enclosingPath(DeserializationContext ctxt, JsonParser p) {
    JsonParser document = ctxt.getParser();
    if (document != null && document != p) {
      return pathOf(document.getParsingContext());
    }
    JsonStreamContext field = p.getParsingContext();
    if (p.currentToken() == JsonToken.START_ARRAY || p.currentToken() == JsonToken.START_OBJECT) {
      field = field.getParent();
    }
    return field == null ? "" : pathOf(field.getParent());
  }

  /**
   * {@code frontends[0].port} for the value the parser is at; empty at the top level. At the start
   * of a list or mapping the parser has already entered it, so the path is its parent's.
   */
  static String pathOf(JsonParser p) {
    JsonStreamContext context = p.getParsingContext();
    if (p.currentToken() == JsonToken.START_ARRAY || p.currentToken() == JsonToken.START_OBJECT) {
      context = context.getParent();
    }
    return pathOf(context);
  }

  private static String pathOf(JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add("[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        parts.add("." + c.getCurrentName());
      }
    }
    StringBuilder path = new StringBuilder();
    for (int i = parts.size() - 1; i >= 0; i--) {
      path.append(parts.get(i));
    }
    return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
  }

  private static String enumNames(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants())
        .map(Object::toString)
        .collect(Collectors.joining(", "));
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Duration.class) {
      return "a duration such as 10s";
    }
    if (type == Backend.class) {
      return "a URL or a mapping with url and weight";
    }
    if (type.isEnum()) {
      return "one of " + enumNames(type);
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a mapping";
  }

  private static String describe(JsonToken token, JsonParser p) throws IOException {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "a mapping";
      case VALUE_STRING -> "\"" + p.getText() + "\"";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
      case VALUE_TRUE, VALUE_FALSE -> p.getText();
      case VALUE_NULL -> "nothing";
      default -> token.asString() == null ? token.name() : token.asString();
    };
  }
}
