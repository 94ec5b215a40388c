/**
 * Live configuration: where a config comes from, and how a new one replaces the running one.
 *
 * <p>A {@link dev.roundhouse.proxy.config.ConfigSource} (a watched file, a watched ConfigMap, or
 * the fixed config of the quick-start flags) delivers raw YAML as {@link
 * dev.roundhouse.proxy.config.SourceReading}s. The {@link
 * dev.roundhouse.proxy.config.ConfigReloader} parses and validates each one, rejects it with every
 * problem or numbers it as a {@link dev.roundhouse.proxy.config.ConfigRevision}, keeps the last few
 * in a {@link dev.roundhouse.proxy.config.ConfigRevisionHistory} for local rollback, and hands it
 * to the {@link dev.roundhouse.proxy.config.ConfigApplier}, which swaps it into the data path.
 * Reloads happen one at a time; {@link dev.roundhouse.proxy.config.ReloadListener}s (metrics) hear
 * every outcome.
 */
@NullMarked
package dev.roundhouse.proxy.config;

import org.jspecify.annotations.NullMarked;
