package dev.sockets.chat.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IRC operators of a server ({@code --operators FILE}): one {@code name hash} per line, the hash made by
 * {@code sockets chat server hash-password}; blank lines and lines starting with {@code #} are ignored.
 * Immutable.
 */
public final class Operators {

    /** No operators: OPER always answers 491. */
    public static final Operators NONE = new Operators(Map.of(), Map.of());

    private final Map<String, OperatorPassword> byName;
    /** Name to hash as written: what a reload compares. */
    private final Map<String, String> written;

    private Operators(Map<String, OperatorPassword> byName, Map<String, String> written) {
        this.byName = Map.copyOf(byName);
        this.written = Map.copyOf(written);
    }

    /**
     * Reads an operators file.
     *
     * @throws IllegalArgumentException one line, {@code FILE: why} or {@code FILE:LINE: why}
     */
    public static Operators load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(file + ": permission denied");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + (Files.isDirectory(file) ? "is a directory"
                    : e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return parse(lines, file.toString());
    }

    /**
     * The operators of {@code lines}.
     *
     * @param source the file name in error messages
     * @throws IllegalArgumentException {@code source:LINE: why}, for the first bad line
     */
    public static Operators parse(List<String> lines, String source) {
        Map<String, OperatorPassword> byName = new LinkedHashMap<>();
        Map<String, String> written = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            String[] f = line.split("\\s+");
            if (f.length != 2) {
                throw new IllegalArgumentException(where + "expected 'NAME HASH', got " + f.length + " words");
            }
            if (!f[0].matches("[\\x21-\\x7e]{1,64}")) {
                throw new IllegalArgumentException(where + "an operator name is 1-64 printable ASCII characters");
            }
            if (byName.containsKey(f[0])) {
                throw new IllegalArgumentException(where + "operator " + f[0] + " is defined twice");
            }
            try {
                byName.put(f[0], OperatorPassword.parse(f[1]));
                written.put(f[0], f[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
        }
        return new Operators(byName, written);
    }

    /**
     * Whether {@code name} is an operator whose password is {@code password} (IRC text, one char per byte).
     * An unknown name costs the same time as a wrong password.
     */
    public boolean authenticate(String name, String password) {
        OperatorPassword p = byName.get(name);
        if (p == null) {
            OperatorPassword.burnTime();
            return false;
        }
        return p.matches(password);
    }

    /** How many operators there are. */
    public int size() {
        return byName.size();
    }

    /** The same names with the same hashes. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Operators other && written.equals(other.written);
    }

    @Override
    public int hashCode() {
        return written.hashCode();
    }

    @Override
    public String toString() {
        return byName.size() + " operator(s)";
    }
}
