/**
 * Internals of dr-aws: AWS naming rules, error classification and the wrapping of failed calls. Free to change; never in a public signature.
 */
package io.streamsdr.aws.internal;
