/**
 * One class per Kubernetes object the operator owns for a {@code LoadBalancer}, each saying what
 * the object should look like ({@code desired()}); the framework creates, compares and updates
 * them. {@link dev.roundhouse.operator.dependent.Names} says how they are named and labelled.
 */
package dev.roundhouse.operator.dependent;
