/**
 * Implementation of the plan engine, journals and report renderers. Not API: anything here may
 * change in any release. No type from this package appears in a public signature.
 */
package io.streamsdr.core.internal;
