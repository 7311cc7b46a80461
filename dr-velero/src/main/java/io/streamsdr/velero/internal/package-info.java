/**
 * Internal helpers of dr-velero: Go duration and Kubernetes name rules, JSON mapping of Velero's
 * objects. Free to change; no type here appears in a public signature.
 */
package io.streamsdr.velero.internal;
