/**
 * AWS providers of Streams DR: {@link io.streamsdr.aws.rds RDS backups and restores}, and
 * {@link io.streamsdr.aws.velero the AWS side of a Velero install}. Everything is built
 * from SDK clients you configure yourself; identifiers are checked by AWS's rules before any call,
 * and a failed call surfaces as one of the library's exceptions
 * ({@link io.streamsdr.core.CallFailedException}, or a {@link io.streamsdr.core.PreconditionFailedException}
 * where a guard rail knows the refusal), the SDK's exception kept as the cause.
 */
package io.streamsdr.aws;
