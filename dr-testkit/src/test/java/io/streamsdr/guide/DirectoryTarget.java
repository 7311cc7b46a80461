package io.streamsdr.guide;

import io.streamsdr.core.BackupTarget;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.ProtectionStatus;
import io.streamsdr.core.RecoveryPoint;
import io.streamsdr.core.RunContext;
import io.streamsdr.core.spi.Check;
import io.streamsdr.core.spi.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The guide's component (docs/own-component.md): a directory of files, such as a shared volume,
 * protected by copying it into a backup directory. Real files, really copied: the guide's test runs it.
 */
// GUIDE:target:start
public final class DirectoryTarget implements BackupTarget {
    private final String name;
    private final Path source;
    private final Path backups;
    private final Duration maxAge;

    public DirectoryTarget(String name, Path source, Path backups, Duration maxAge) {
        this.name = Check.notBlank("name", name);                 // a bad value fails here, before anything runs
        this.source = Check.notNull("source directory", source);
        this.backups = Check.notNull("backup directory", backups);
        this.maxAge = Check.positive("max age", maxAge);
    }

    @Override
    public String name() {
        return name;                                              // reports and objectives use this name
    }

    @Override
    public RecoveryPoint takeRecoveryPoint(RunContext ctx) {
        Instant at = ctx.now();                                   // the run's time, never the system's
        Path copy = backups.resolve(name + "-" + at.toEpochMilli());
        try {
            copyTree(source, copy);
        } catch (IOException e) {
            throw new CallFailedException("copy " + source + " to " + copy, e);
        }
        ctx.progress("copied " + source + " to " + copy);
        return RecoveryPoint.of(copy.getFileName().toString(), name, RecoveryPoint.Kind.MANUAL_SNAPSHOT, at,
                Map.of("path", copy.toString()));
    }

    @Override
    public List<RecoveryPoint> recoveryPoints(RunContext ctx) {
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (Stream<Path> copies = Files.list(backups)) {
            return copies.filter(p -> p.getFileName().toString().startsWith(name + "-"))
                    .map(p -> RecoveryPoint.of(p.getFileName().toString(), name, RecoveryPoint.Kind.MANUAL_SNAPSHOT,
                            Instant.ofEpochMilli(Long.parseLong(p.getFileName().toString().substring(name.length() + 1))),
                            Map.of("path", p.toString())))
                    .sorted(Comparator.comparing(RecoveryPoint::capturedAt).reversed())
                    .toList();
        } catch (IOException e) {
            throw new CallFailedException("list " + backups, e);
        }
    }

    @Override
    public ProtectionStatus protectionStatus(RunContext ctx) {
        List<RecoveryPoint> points = recoveryPoints(ctx);
        if (points.isEmpty()) {
            return ProtectionStatus.unhealthy(name, ctx.now(), "no copy of " + source + " in " + backups);
        }
        Duration rpo = Duration.between(points.get(0).capturedAt(), ctx.now());
        return rpo.compareTo(maxAge) <= 0 ? ProtectionStatus.healthy(name, ctx.now(), rpo)
                : ProtectionStatus.unhealthy(name, ctx.now(), rpo, "the newest copy is " + Durations.format(rpo)
                        + " old, more than " + Durations.format(maxAge));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
// GUIDE:target:end
