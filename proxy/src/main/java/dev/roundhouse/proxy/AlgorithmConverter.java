package dev.roundhouse.proxy;

import dev.roundhouse.api.Algorithm;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --algorithm} by the names the config file uses ({@code least-connections}). */
final class AlgorithmConverter implements ITypeConverter<Algorithm> {

  @Override
  public Algorithm convert(String value) {
    for (Algorithm algorithm : Algorithm.values()) {
      if (algorithm.configName().equals(value)) {
        return algorithm;
      }
    }
    throw new TypeConversionException(
        "'"
            + value
            + "' is not an algorithm; use one of "
            + Arrays.stream(Algorithm.values())
                .map(Algorithm::configName)
                .collect(Collectors.joining(", ")));
  }
}
