package io.streamsdr.kafka.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes a .properties file that {@link java.util.Properties#load(java.io.InputStream)} reads back exactly, owner-only. */
public final class PropertiesFile {
    private PropertiesFile() {
    }

    public static void writeOwnerOnly(Path file, List<String> header, Map<String, String> props) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : header) {
            out.append("# ").append(line).append('\n');
        }
        props.forEach((k, v) -> out.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        try {
            if (posix) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, out, StandardCharsets.ISO_8859_1, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temporary file exists: " + tmp, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The escaping of {@code Properties.store}, ASCII only. */
    static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case ' ' -> b.append(i == 0 || key ? "\\ " : " ");
                case '=', ':', '#', '!' -> {
                    if (key) {
                        b.append('\\');
                    }
                    b.append(c);
                }
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
