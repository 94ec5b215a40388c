package dev.roundhouse.proxy.tls;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The little DER a PEM key needs: encoding a length-prefixed element, and finding the curve of a
 * SEC 1 EC key, so that PKCS#1 and SEC 1 keys can be wrapped as PKCS#8, which the JDK reads.
 */
final class Der {

  private Der() {}

  /** {@code tag}, the DER length of {@code content}, {@code content}. */
  static byte[] encode(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  /**
   * The curve OID element of a SEC 1 {@code ECPrivateKey}: {@code SEQUENCE {INTEGER 1, OCTET STRING
   * key, [0] OID curve, [1] BIT STRING public}}.
   */
  static byte[] curveOf(Path file, byte[] sec1) throws CertificateException {
    try {
      int[] outer = header(sec1, 0);
      int at = outer[0];
      int end = at + outer[1];
      while (at < end) {
        int tag = sec1[at] & 0xff;
        int[] element = header(sec1, at);
        if (tag == 0xa0) { // [0] parameters: the named curve's OID inside
          return Arrays.copyOfRange(sec1, element[0], element[0] + element[1]);
        }
        at = element[0] + element[1];
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new CertificateException("key", file + " holds an EC key that cannot be parsed");
    }
    throw new CertificateException(
        "key", file + " holds an EC key without its curve; write it with openssl pkcs8 -topk8");
  }

  /** Where the content of the element at {@code at} starts, and its length. */
  private static int[] header(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    if (first < 0x80) {
      return new int[] {at + 2, first};
    }
    int bytes = first & 0x7f;
    int length = 0;
    for (int i = 0; i < bytes; i++) {
      length = (length << 8) | (der[at + 2 + i] & 0xff);
    }
    return new int[] {at + 2 + bytes, length};
  }
}
