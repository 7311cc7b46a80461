/**
 * Internals of dr-aws: AWS naming rules and error classification. Free to change; never in a public signature.
 */
package io.streamsdr.aws.internal;
