/**
 * The {@code --config FILE} source: reads the file, and watches its directory (and every directory
 * a symlink in its path leads through) so that editors' atomic renames, in-place writes and
 * Kubernetes' symlink swaps of mounted ConfigMaps all count as changes.
 */
@NullMarked
package dev.roundhouse.proxy.config.file;

import org.jspecify.annotations.NullMarked;
