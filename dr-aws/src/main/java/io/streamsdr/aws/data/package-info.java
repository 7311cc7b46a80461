/**
 * Evidence from the data of a MariaDB or MySQL database (RDS or not), over JDBC:
 * {@link io.streamsdr.aws.data.MariaDbConnection} (credentials as a {@link io.streamsdr.core.Secret}),
 * {@link io.streamsdr.aws.data.MariaDbHeartbeat} (the writer a team runs against production, and the
 * reader of the newest heartbeat), and {@link io.streamsdr.aws.data.MariaDbDataCheck}, the
 * {@link io.streamsdr.core.DataCheck} a drill runs: tables compared row by row (by primary key, within a
 * bound) or by count and digest, and the RPO measured from the newest heartbeat restored.
 *
 * <p>Needs {@code org.mariadb.jdbc:mariadb-java-client} (3.5.x), an optional dependency of dr-aws: add it
 * to use this package. Without it every connection fails first, naming the artifact, before any call.
 */
package io.streamsdr.aws.data;
