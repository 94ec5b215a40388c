/**
 * Test helpers shared through the proxy's test-jar: the proxy as a real process ({@link
 * dev.roundhouse.proxy.testing.ProxyProcess}), an in-JVM backend for quick checks ({@link
 * dev.roundhouse.proxy.testing.TestBackend}), a raw HTTP/1.1 client ({@link
 * dev.roundhouse.proxy.testing.RawHttp}) and free ports.
 */
package dev.roundhouse.proxy.testing;
