package dev.roundhouse.operator;

/** Entry point of the operator; a placeholder until the operator is built. */
public final class OperatorMain {

  private OperatorMain() {}

  /** Runs the operator. */
  public static void main(String[] args) {
    System.err.println("roundhouse-operator: not built yet");
    System.exit(2);
  }
}
