package dev.roundhouse.proxy.http;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map.Entry;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The header fields of one HTTP/1.1 message as two arrays, names and values in the order they
 * arrived, found by a scan that compares lengths first. A message has a handful of fields and the
 * proxy looks up a few of them once each, so a scan costs less than the hash map Netty's decoders
 * fill by default ({@code DefaultHttpHeaders}: a bucket array, an entry object per field and a
 * case-insensitive hash of every name), and allocates a fraction of it.
 *
 * <p>The same rules as Netty's default: names compare without regard to case, a name must be an RFC
 * 9110 token and a value may not hold CR, LF or NUL (else {@link IllegalArgumentException}, which
 * the decoder turns into a failed message), {@code set} replaces every field of the name by one at
 * the end, and values that are not text are stored as text ({@link Date}s in the HTTP date format).
 * Used on one event loop, like the message it belongs to.
 *
 * <p>One difference, for speed: the lists of the proxy's own decoders ({@link #CHECKED_BY_DECODER})
 * leave the name check to the decoder, which makes it as it splits a name off the line ({@link
 * #checkName}), and only for a name it does not know: the names it knows (Host, Content-Type, ...)
 * are tokens, and so are the names the proxy sets itself. Checking each again cost about 1 % of the
 * proxy's CPU under load (docs/bench.md, "Stop 38"). Values are checked in every list.
 */
public final class HeaderList extends HttpHeaders {

  /**
   * Makes header lists that check every name added, for a decoder that does not check names itself
   * (Netty's own); an empty one ({@code newEmptyHeaders}) allocates its arrays at its first field.
   * The proxy's decoders use {@link #CHECKED_BY_DECODER}.
   */
  public static final HttpHeadersFactory FACTORY = new Factory(8, true);

  /**
   * Makes trailers that check every name, as {@link #FACTORY}: every list starts without arrays,
   * since nearly no message has trailers and a decoder makes a list for every message with a body.
   */
  public static final HttpHeadersFactory TRAILERS_FACTORY = new Factory(0, true);

  /**
   * Makes the header lists of a decoder that checks every name it does not know with {@link
   * #checkName} as it splits the name off the line: these lists do not check names, neither the
   * decoder's nor those the proxy sets later (its own constants). Values are checked as in any
   * list.
   */
  public static final HttpHeadersFactory CHECKED_BY_DECODER = new Factory(8, false);

  /** The trailers of a decoder that checks names itself, as {@link #CHECKED_BY_DECODER}. */
  public static final HttpHeadersFactory TRAILERS_CHECKED_BY_DECODER = new Factory(0, false);

  private static final CharSequence[] NO_FIELDS = {};

  private static final short COLON_SPACE = (':' << 8) | ' ';
  private static final short CRLF = ('\r' << 8) | '\n';

  private final boolean checksNames;
  private CharSequence[] names;
  private CharSequence[] values;
  private int size;

  /**
   * An empty list with room for {@code capacity} fields before it grows; with 0 it allocates its
   * arrays when the first field comes.
   */
  public HeaderList(int capacity) {
    this(capacity, true);
  }

  private HeaderList(int capacity, boolean checksNames) {
    this.checksNames = checksNames;
    names = capacity == 0 ? NO_FIELDS : new CharSequence[capacity];
    values = capacity == 0 ? NO_FIELDS : new CharSequence[capacity];
  }

  // ---- reading ------------------------------------------------------------------------------

  private int indexOf(CharSequence name, int from) {
    int length = name.length();
    for (int i = from; i < size; i++) {
      CharSequence candidate = names[i];
      if (candidate.length() == length && AsciiString.contentEqualsIgnoreCase(candidate, name)) {
        return i;
      }
    }
    return -1;
  }

  private @Nullable CharSequence first(CharSequence name) {
    int i = indexOf(name, 0);
    return i < 0 ? null : values[i];
  }

  @Override
  public @Nullable String get(String name) {
    return get((CharSequence) name);
  }

  @Override
  public @Nullable String get(CharSequence name) {
    CharSequence value = first(name);
    return value == null ? null : value.toString();
  }

  @Override
  public @Nullable Integer getInt(CharSequence name) {
    CharSequence value = first(name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public int getInt(CharSequence name, int defaultValue) {
    Integer value = getInt(name);
    return value == null ? defaultValue : value;
  }

  @Override
  public @Nullable Short getShort(CharSequence name) {
    Integer value = getInt(name);
    return value == null || value != value.shortValue() ? null : value.shortValue();
  }

  @Override
  public short getShort(CharSequence name, short defaultValue) {
    Short value = getShort(name);
    return value == null ? defaultValue : value;
  }

  @Override
  public @Nullable Long getTimeMillis(CharSequence name) {
    CharSequence value = first(name);
    Date date = value == null ? null : DateFormatter.parseHttpDate(value);
    return date == null ? null : date.getTime();
  }

  @Override
  public long getTimeMillis(CharSequence name, long defaultValue) {
    Long value = getTimeMillis(name);
    return value == null ? defaultValue : value;
  }

  @Override
  public List<String> getAll(String name) {
    return getAll((CharSequence) name);
  }

  @Override
  public List<String> getAll(CharSequence name) {
    int i = indexOf(name, 0);
    if (i < 0) {
      return Collections.emptyList();
    }
    int next = indexOf(name, i + 1);
    if (next < 0) {
      return Collections.singletonList(values[i].toString());
    }
    List<String> all = new ArrayList<>(4);
    for (; i >= 0; i = indexOf(name, i + 1)) {
      all.add(values[i].toString());
    }
    return all;
  }

  @Override
  public Iterator<String> valueStringIterator(CharSequence name) {
    Iterator<CharSequence> values = new Values(name);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return values.hasNext();
      }

      @Override
      public String next() {
        return values.next().toString();
      }
    };
  }

  @Override
  public Iterator<CharSequence> valueCharSequenceIterator(CharSequence name) {
    return new Values(name);
  }

  @Override
  public List<Entry<String, String>> entries() {
    List<Entry<String, String>> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      entries.add(new SimpleImmutableEntry<>(names[i].toString(), values[i].toString()));
    }
    return entries;
  }

  @Override
  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  @Override
  public boolean contains(CharSequence name) {
    return indexOf(name, 0) >= 0;
  }

  @Override
  public boolean contains(String name, String value, boolean ignoreCase) {
    return contains((CharSequence) name, value, ignoreCase);
  }

  @Override
  public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      if (ignoreCase
          ? AsciiString.contentEqualsIgnoreCase(values[i], value)
          : AsciiString.contentEquals(values[i], value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a field of {@code name} lists {@code value} among its comma-separated elements, each
   * trimmed of white space ({@code Connection: keep-alive, Upgrade}), as Netty's {@code
   * HttpHeaders} answers it, without its iterator and the substring of each element.
   */
  @Override
  public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      if (listsElement(values[i], value, ignoreCase)) {
        return true;
      }
    }
    return false;
  }

  private static boolean listsElement(
      CharSequence field, CharSequence element, boolean ignoreCase) {
    int length = field.length();
    int start = 0;
    while (true) {
      int end = start;
      while (end < length && field.charAt(end) != ',') {
        end++;
      }
      int from = start;
      int to = end;
      while (from < to && field.charAt(from) <= ' ') {
        from++;
      }
      while (to > from && field.charAt(to - 1) <= ' ') {
        to--;
      }
      if (to - from == element.length()
          && AsciiString.regionMatchesAscii(field, ignoreCase, from, element, 0, to - from)) {
        return true;
      }
      start = end + 1;
      if (start >= length) { // as Netty: nothing after a last comma
        return false;
      }
    }
  }

  @Override
  public Iterator<Entry<String, String>> iterator() {
    return entries().iterator();
  }

  @Override
  public Iterator<Entry<CharSequence, CharSequence>> iteratorCharSequence() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public Entry<CharSequence, CharSequence> next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        int i = next++;
        return new SimpleImmutableEntry<>(names[i], values[i]);
      }
    };
  }

  /**
   * Writes {@code headers} as Netty's encoders write a message's headers, every field as {@code
   * name: value} and CRLF in order (a character as its low byte, so Latin-1 text as itself): a
   * header list straight from its arrays, with one capacity check for the whole block and without
   * the entry object per field that Netty's iteration makes; other headers field by field. The
   * proxy's encoders call it in place of Netty's own.
   */
  public static void encode(HttpHeaders headers, ByteBuf buf) {
    if (headers instanceof HeaderList list) {
      list.writeTo(buf);
      return;
    }
    Iterator<Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
    while (fields.hasNext()) {
      Entry<CharSequence, CharSequence> field = fields.next();
      CharSequence name = field.getKey();
      CharSequence value = field.getValue();
      buf.ensureWritable(name.length() + value.length() + 4);
      buf.writerIndex(writeField(buf, buf.writerIndex(), name, value));
    }
  }

  private void writeTo(ByteBuf buf) {
    int length = 0;
    for (int i = 0; i < size; i++) {
      length += names[i].length() + values[i].length() + 4;
    }
    buf.ensureWritable(length);
    int at = buf.writerIndex();
    for (int i = 0; i < size; i++) {
      at = writeField(buf, at, names[i], values[i]);
    }
    buf.writerIndex(at);
  }

  /** Sets {@code name: value} and CRLF at {@code at}; returns the index after it. */
  private static int writeField(ByteBuf buf, int at, CharSequence name, CharSequence value) {
    at += writeAscii(buf, at, name);
    buf.setShort(at, COLON_SPACE);
    at += writeAscii(buf, at + 2, value) + 2;
    buf.setShort(at, CRLF);
    return at + 2;
  }

  private static int writeAscii(ByteBuf buf, int at, CharSequence text) {
    if (text instanceof AsciiString ascii) {
      ByteBufUtil.copy(ascii, 0, buf, at, ascii.length());
      return ascii.length();
    }
    return buf.setCharSequence(at, text, StandardCharsets.US_ASCII);
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<String> names() {
    Set<String> distinct = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      if (indexOf(names[i], 0) == i) { // the first spelling of each name, as it arrived
        distinct.add(names[i].toString());
      }
    }
    return distinct;
  }

  // ---- changing -----------------------------------------------------------------------------

  @Override
  public HttpHeaders add(String name, Object value) {
    return add((CharSequence) name, value);
  }

  @Override
  public HttpHeaders add(CharSequence name, Object value) {
    checkNameIfAsked(name);
    requireNonNull(value, "value");
    append(name, text(value));
    return this;
  }

  @Override
  public HttpHeaders add(String name, Iterable<?> values) {
    return add((CharSequence) name, values);
  }

  @Override
  public HttpHeaders add(CharSequence name, Iterable<?> values) {
    checkNameIfAsked(name);
    for (Object value : values) {
      append(name, text(value));
    }
    return this;
  }

  @Override
  public HttpHeaders addInt(CharSequence name, int value) {
    return add(name, Integer.toString(value));
  }

  @Override
  public HttpHeaders addShort(CharSequence name, short value) {
    return add(name, Short.toString(value));
  }

  @Override
  public HttpHeaders set(String name, Object value) {
    return set((CharSequence) name, value);
  }

  @Override
  public HttpHeaders set(CharSequence name, Object value) {
    checkNameIfAsked(name);
    requireNonNull(value, "value");
    CharSequence text = text(value);
    removeAll(name);
    append(name, text);
    return this;
  }

  @Override
  public HttpHeaders set(String name, Iterable<?> values) {
    return set((CharSequence) name, values);
  }

  @Override
  public HttpHeaders set(CharSequence name, Iterable<?> values) {
    checkNameIfAsked(name);
    List<CharSequence> texts = new ArrayList<>();
    for (Object value : values) {
      texts.add(text(value));
    }
    removeAll(name);
    for (CharSequence text : texts) {
      append(name, text);
    }
    return this;
  }

  @Override
  public HttpHeaders setInt(CharSequence name, int value) {
    return set(name, Integer.toString(value));
  }

  @Override
  public HttpHeaders setShort(CharSequence name, short value) {
    return set(name, Short.toString(value));
  }

  @Override
  public HttpHeaders remove(String name) {
    removeAll(name);
    return this;
  }

  @Override
  public HttpHeaders remove(CharSequence name) {
    removeAll(name);
    return this;
  }

  @Override
  public HttpHeaders clear() {
    Arrays.fill(names, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    return this;
  }

  @Override
  public HttpHeaders copy() {
    HeaderList copy = new HeaderList(Math.max(size, 2), checksNames);
    System.arraycopy(names, 0, copy.names, 0, size);
    System.arraycopy(values, 0, copy.values, 0, size);
    copy.size = size;
    return copy;
  }

  private void append(CharSequence name, CharSequence value) {
    if (size == names.length) {
      int capacity = size == 0 ? 4 : size * 2;
      names = Arrays.copyOf(names, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  /** Whether the name of some field is one {@code matches} accepts. */
  public boolean anyName(Predicate<CharSequence> matches) {
    for (int i = 0; i < size; i++) {
      if (matches.test(names[i])) {
        return true;
      }
    }
    return false;
  }

  /**
   * Removes every field whose name {@code matches} accepts, in one pass over the list, instead of
   * one {@link #remove} per name.
   */
  public void removeIf(Predicate<CharSequence> matches) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!matches.test(names[i])) {
        names[kept] = names[i];
        values[kept] = values[i];
        kept++;
      }
    }
    Arrays.fill(names, kept, size, null);
    Arrays.fill(values, kept, size, null);
    size = kept;
  }

  private void removeAll(CharSequence name) {
    if (indexOf(name, 0) < 0) {
      return; // the common case: a set of a field the message does not have
    }
    int length = name.length();
    removeIf(
        candidate ->
            candidate.length() == length && AsciiString.contentEqualsIgnoreCase(candidate, name));
  }

  private void checkNameIfAsked(CharSequence name) {
    if (checksNames) {
      checkName(name);
    }
  }

  /**
   * Returns {@code name} if it is a field name (an RFC 9110 token), else throws {@link
   * IllegalArgumentException}, as Netty's header map does: in a decoder, a failed message.
   */
  public static <N extends CharSequence> N checkName(N name) {
    if (requireNonNull(name, "name").length() == 0) {
      throw new IllegalArgumentException("empty headers are not allowed [" + name + ']');
    }
    int index = HttpHeaderValidationUtil.validateToken(name);
    if (index != -1) {
      throw new IllegalArgumentException(
          "a header name can only contain \"token\" characters, but found invalid character 0x"
              + Integer.toHexString(name.charAt(index))
              + " at index "
              + index
              + " of header '"
              + name
              + "'.");
    }
    return name;
  }

  /** A value as the text it is sent as, checked for the characters a field value may not hold. */
  private static CharSequence text(Object value) {
    CharSequence text;
    if (value instanceof CharSequence chars) {
      text = chars;
    } else if (value instanceof Date date) {
      text = DateFormatter.format(date);
    } else if (value instanceof Calendar calendar) {
      text = DateFormatter.format(calendar.getTime());
    } else {
      text = String.valueOf(value);
    }
    int index = HttpHeaderValidationUtil.validateValidHeaderValue(text);
    if (index != -1) {
      throw new IllegalArgumentException(
          "a header value contains prohibited character 0x"
              + Integer.toHexString(text.charAt(index))
              + " at index "
              + index
              + '.');
    }
    return text;
  }

  /** Lists with room for {@code capacity} fields; empty ones without arrays. */
  private record Factory(int capacity, boolean checksNames) implements HttpHeadersFactory {
    @Override
    public HttpHeaders newHeaders() {
      return new HeaderList(capacity, checksNames);
    }

    @Override
    public HttpHeaders newEmptyHeaders() {
      return new HeaderList(0, checksNames);
    }
  }

  /** The values of one name, in order, without a list. */
  private final class Values implements Iterator<CharSequence> {
    private final CharSequence name;
    private int next;

    Values(CharSequence name) {
      this.name = name;
      this.next = indexOf(name, 0);
    }

    @Override
    public boolean hasNext() {
      return next >= 0;
    }

    @Override
    public CharSequence next() {
      if (next < 0) {
        throw new NoSuchElementException();
      }
      CharSequence value = values[next];
      next = indexOf(name, next + 1);
      return value;
    }
  }
}
