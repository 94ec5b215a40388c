/**
 * Backend health: active HTTP checks on a schedule ({@link
 * dev.roundhouse.proxy.health.HealthChecker} with {@link dev.roundhouse.proxy.health.HttpProbe})
 * and passive ejection from the outcome of real requests ({@link
 * dev.roundhouse.proxy.health.HealthChecker#passiveObserver()}). Both move a {@link
 * dev.roundhouse.proxy.backend.BackendState} up or down through one state machine per backend,
 * {@link dev.roundhouse.proxy.health.HealthTracker}.
 */
@NullMarked
package dev.roundhouse.proxy.health;

import org.jspecify.annotations.NullMarked;
