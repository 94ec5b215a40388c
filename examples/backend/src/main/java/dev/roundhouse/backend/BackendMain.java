package dev.roundhouse.backend;

/** Entry point of the example backend; a placeholder until the backend is built. */
public final class BackendMain {

  private BackendMain() {}

  /** Runs the backend. */
  public static void main(String[] args) {
    System.err.println("roundhouse example backend: not built yet");
    System.exit(2);
  }
}
