/**
 * Test support shared with other modules through this module's test-jar: {@link
 * dev.roundhouse.backend.testing.BackendProcess} runs an example backend as a real child process.
 *
 * <p>A consuming module needs both this module's main jar and its test-jar on the test classpath
 * (see docs/backend.md, "Using the backend in tests").
 */
package dev.roundhouse.backend.testing;
