/**
 * Helm releases: values, upgrade with overrides, rollout wait. Under construction: see the project's issues.
 */
package io.streamsdr.helm;
