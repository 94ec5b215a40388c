/**
 * HTTP/1.1 message parts the proxy's codecs share on both sides of a connection: the header list
 * its decoders fill in place of Netty's hash map.
 */
@NullMarked
package dev.roundhouse.proxy.http;

import org.jspecify.annotations.NullMarked;
