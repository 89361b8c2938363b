package io.cairnmq.engine.security;

import io.cairnmq.engine.api.EngineConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code KEY = VALUE} lines of the user store and of the access file, with their line
 * numbers so that a mistake is reported where it is. Blank lines and lines starting with
 * {@code #} are skipped; a line is split at its first {@code =}, so values may contain more.
 * Unlike {@link java.util.Properties}, nothing is unescaped (a {@code :} in a key stays a
 * {@code :}) and a key given twice is refused instead of the last one silently winning.
 *
 * @param option  the broker option that named the file ({@code users} or {@code access})
 * @param file    the file
 * @param entries its lines, in file order
 */
record SecurityFile(String option, Path file, List<Entry> entries) {

    /** One {@code KEY = VALUE} line, both trimmed. */
    record Entry(int line, String key, String value) {
    }

    /** Reads the file; a missing or unreadable file, a line without {@code =} or a repeated key fails. */
    static SecurityFile read(String option, Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineConfigException("Cannot read " + option + "=" + file.toAbsolutePath() + ": " + e, e);
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String key = equals < 0 ? "" : line.substring(0, equals).strip();
            Entry entry = new Entry(i + 1, key, equals < 0 ? "" : line.substring(equals + 1).strip());
            if (key.isEmpty()) {
                throw error(option, file, entry, "expected KEY = VALUE");
            }
            Integer earlier = seen.putIfAbsent(key, entry.line());
            if (earlier != null) {
                throw error(option, file, entry, "'" + key + "' is already given on line " + earlier);
            }
            entries.add(entry);
        }
        return new SecurityFile(option, file, List.copyOf(entries));
    }

    /** A start-up failure about one line: names the option, the file, the line and its key. */
    EngineConfigException error(Entry entry, String what) {
        return error(option, file, entry, what);
    }

    private static EngineConfigException error(String option, Path file, Entry entry, String what) {
        String key = entry.key().isEmpty() ? "" : " (" + entry.key() + ")";
        return new EngineConfigException(option + "=" + file.toAbsolutePath() + " line " + entry.line() + key
                + ": " + what);
    }
}
