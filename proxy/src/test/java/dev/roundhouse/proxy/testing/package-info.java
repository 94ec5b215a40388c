/**
 * Test helpers shared through the proxy's test-jar: the proxy as a real process ({@link
 * dev.roundhouse.proxy.testing.ProxyProcess}), an in-JVM backend for quick checks ({@link
 * dev.roundhouse.proxy.testing.TestBackend}), a scripted backend and a load generator. The raw
 * HTTP/1.1 client and free ports come from the example backend's test-jar ({@link
 * dev.roundhouse.backend.testing.RawHttp}, {@link dev.roundhouse.backend.testing.FreePorts}).
 */
package dev.roundhouse.proxy.testing;
