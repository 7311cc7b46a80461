/**
 * AWS providers of Streams DR: {@link io.streamsdr.aws.rds RDS backups and restores}, and
 * {@link io.streamsdr.aws.velero the AWS side of a Velero install}. Everything is built
 * from SDK clients you configure yourself; identifiers are checked by AWS's rules before any call.
 */
package io.streamsdr.aws;
