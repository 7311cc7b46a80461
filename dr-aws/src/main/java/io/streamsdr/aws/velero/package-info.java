/**
 * The AWS side of a Velero install, as the runbook's "AWS Velero installation" does it by hand: the S3
 * bucket, the IAM user with its inline policy, an access key and Velero's credentials file. See
 * {@link io.streamsdr.aws.velero.VeleroAwsPrerequisites}.
 */
package io.streamsdr.aws.velero;
