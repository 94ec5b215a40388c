package dev.roundhouse.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The lowest TLS version a TLS frontend accepts; every newer one is accepted too. */
public enum TlsVersion {
  /** TLS 1.2 and 1.3. The default: what every browser and client of the last decade speaks. */
  @JsonProperty("TLSv1.2")
  TLS_1_2("TLSv1.2"),
  /** TLS 1.3 only. */
  @JsonProperty("TLSv1.3")
  TLS_1_3("TLSv1.3");

  private final String configName;

  TlsVersion(String configName) {
    this.configName = configName;
  }

  /** The name written in the config and understood by the JDK and OpenSSL, e.g. {@code TLSv1.2}. */
  public String configName() {
    return configName;
  }

  @Override
  public String toString() {
    return configName;
  }
}
