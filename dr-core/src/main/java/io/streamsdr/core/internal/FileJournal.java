package io.streamsdr.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamsdr.core.CallFailedException;
import io.streamsdr.core.PreconditionFailedException;
import io.streamsdr.core.spi.Journal;
import io.streamsdr.core.spi.JournalRecord;
import io.streamsdr.core.spi.StepRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Journal#file(Path)}: the whole journal as one JSON document, replaced atomically on every
 * change: written to a temp file in the same folder, forced to disk, renamed over the old one, and
 * the folder forced so the rename survives a power cut. Owner-only (0600), since secret outputs are
 * kept in it.
 */
public final class FileJournal implements Journal {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path path;
    private String planName;
    private String fingerprint;
    private Map<String, StepRecord> steps;

    public FileJournal(Path path) {
        this.path = path.toAbsolutePath();
    }

    @Override
    public synchronized Optional<JournalRecord> load() {
        ensureLoaded();
        return planName == null ? Optional.empty() : Optional.of(new JournalRecord(planName, fingerprint, steps));
    }

    @Override
    public synchronized void record(String planName, String fingerprint, StepRecord step) {
        ensureLoaded();
        if (this.planName == null || !this.planName.equals(planName) || !this.fingerprint.equals(fingerprint)) {
            steps.clear();
        }
        this.planName = planName;
        this.fingerprint = fingerprint;
        steps.put(step.stepId(), step);
        write();
    }

    private void ensureLoaded() {
        if (steps != null) {
            return;
        }
        steps = new LinkedHashMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new CallFailedException("read journal " + path, e);
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            int version = root.path("journalVersion").asInt(-1);
            if (version != VERSION) {
                throw new PreconditionFailedException("journal must be readable", path + " has journalVersion " + version
                        + "; this library reads version " + VERSION, "finish that run with the library that wrote it, or give this run another journal");
            }
            planName = root.path("plan").asText();
            fingerprint = root.path("fingerprint").asText();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("steps").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode s = e.getValue();
                steps.put(e.getKey(), new StepRecord(e.getKey(), StepRecord.State.valueOf(s.path("state").asText()),
                        s.path("attempts").asInt(), instant(s, "startedAt"), instant(s, "endedAt"), map(s.path("outputs")),
                        map(s.path("checkpoints")), s.hasNonNull("error") ? s.get("error").asText() : null));
            }
        } catch (IOException | IllegalArgumentException | NullPointerException | java.time.DateTimeException e) {
            throw new PreconditionFailedException("journal must be readable", path + " is not a Streams DR journal (" + e.getMessage()
                    + "): resuming from it could repeat or skip steps", "move it away, or give this run another journal");
        }
    }

    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private void write() {
        ObjectNode root = JSON.createObjectNode();
        root.put("journalVersion", VERSION);
        root.put("plan", planName);
        root.put("fingerprint", fingerprint);
        ObjectNode stepsNode = root.putObject("steps");
        for (StepRecord r : steps.values()) {
            ObjectNode s = stepsNode.putObject(r.stepId());
            s.put("state", r.state().name());
            s.put("attempts", r.attempts());
            s.put("startedAt", r.startedAt().toString());
            s.put("endedAt", r.endedAt().map(Instant::toString).orElse(null));
            ObjectNode outputs = s.putObject("outputs");
            r.outputs().forEach(outputs::put);
            ObjectNode checkpoints = s.putObject("checkpoints");
            r.checkpoints().forEach(checkpoints::put);
            s.put("error", r.error().orElse(null));
        }
        try {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            Path dir = path.getParent();
            Files.createDirectories(dir);
            Path tmp = POSIX
                    ? Files.createTempFile(dir, path.getFileName() + ".", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, path.getFileName() + ".", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (POSIX) {
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                } catch (IOException ignored) {
                    // some file systems cannot open a folder; the rename is still atomic
                }
            }
        } catch (IOException e) {
            throw new CallFailedException("write journal " + path, e);
        }
    }

    @Override
    public String toString() {
        return "Journal.file(" + path + ")";
    }
}
