package dev.roundhouse.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetSyntaxTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/a/b?c=d&e=%41",
        "/a:b@c!$&'()*+,;=~",
        "http://example.com",
        "HTTPS://example.com:8443/a?b",
        "http://user:pw@example.com/a",
        "http://[::1]:8080/",
        "http://127.0.0.1/#fragment"
      })
  void wellFormedTargetsPass(String target) {
    assertThat(TargetSyntax.targetProblem(HttpMethod.GET, target)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/a b          | byte 0x20 in the request target",
        "p             | the request target is not a path, an http(s) URL or *",
        "example.com:80| the request target is not a path, an http(s) URL or *",
        "ftp://a/      | the request target is not a path, an http(s) URL or *",
        "*             | * is a target for OPTIONS only",
        "http:///a     | the request target's URL has no host",
        "http://[bad/  | the request target's host is not a valid IP literal",
        "http://[::1]x/| the request target's host has something after its IP literal",
        "http://a%4/   | the request target's host has byte 0x25 at 1, which a host name cannot have",
        "http://a:99999| the request target's host's port is not a number up to 65535",
        "http://a:65536| the request target's host's port is not a number up to 65535",
        "http://a:8o   | the request target's host's port is not a number up to 65535",
        "http://a:-1   | the request target's host's port is not a number up to 65535",
      })
  void malformedTargetsAreNamed(String target, String problem) {
    assertThat(TargetSyntax.targetProblem(HttpMethod.GET, target.strip())).isEqualTo(problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "\u0001", "\u007f", "\u00ff", "\u0100"})
  void controlAndNonAsciiBytesAreRefusedWithoutRepeatingThem(String c) {
    String problem = TargetSyntax.targetProblem(HttpMethod.GET, "/a" + c);
    assertThat(problem).startsWith("byte 0x").doesNotContain(c);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "example.com",
        "example.com:",
        "a-b.c_d~e:8080",
        "a:65535",
        "a:0",
        "[::1]",
        "[::1]:443",
        "[v1.x]"
      })
  void wellFormedHostsPass(String host) {
    assertThat(TargetSyntax.hostProblem(host)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a/b", "a:b", "[::1", "[]", "a:-1", "é"})
  void malformedHostsAreRefused(String host) {
    assertThat(TargetSyntax.hostProblem(host)).isNotNull();
  }

  @Test
  void asteriskIsForOptions() {
    assertThat(TargetSyntax.targetProblem(HttpMethod.OPTIONS, "*")).isNull();
  }
}
