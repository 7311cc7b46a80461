package io.streamsdr.aws.data;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** DATETIME columns hold UTC wall-clock time: instants go in and come out as UTC, whatever the JVM's zone. */
final class Timestamps {
    private Timestamps() {
    }

    static LocalDateTime toDb(Instant at) {
        return LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    static Instant fromDb(Timestamp t) {
        return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
}
