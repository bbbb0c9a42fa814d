package dev.sockets.chat.server.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Account passwords as slow salted hashes: Argon2id (RFC 9106) from Bouncy Castle, in the PHC string
 * format every Argon2 tool reads ({@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}, unpadded base64), so
 * the parameters travel with each hash and can be raised later without breaking stored ones. The cost is
 * OWASP's first Argon2id recommendation (19 MiB, 2 passes): about 40 ms of CPU here (Bouncy Castle is
 * pure Java; the C reference takes about 30), which makes guessing slow and costs a login nothing noticeable. Passwords are never kept or logged; only the hash is.
 *
 * <p>Thread-safe; each call allocates its own 19 MiB, so callers bound how many run at once
 * ({@link Authenticator}).
 */
public final class PasswordHash {

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final String PREFIX = "$argon2id$v=19$";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private PasswordHash() {
    }

    /** A new hash of {@code password} (UTF-8 bytes) with a fresh random salt. */
    public static String hash(byte[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return PREFIX + "m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(out);
    }

    /** {@link #hash(byte[])} of a password typed as text. */
    public static String hash(String password) {
        return hash(password.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code password} matches {@code encoded} (compared in constant time). A hash that is not one
     * of ours never matches.
     */
    public static boolean verify(byte[] password, String encoded) {
        Parsed p = parse(encoded);
        if (p == null) {
            return false;
        }
        byte[] out = derive(password, p.salt, p.memory, p.iterations, p.parallelism, p.hash.length);
        return MessageDigest.isEqual(out, p.hash);
    }

    /** Whether {@code encoded} is a hash this class can check (a store holds nothing else). */
    public static boolean isWellFormed(String encoded) {
        return parse(encoded) != null;
    }

    private record Parsed(int memory, int iterations, int parallelism, byte[] salt, byte[] hash) { }

    private static Parsed parse(String encoded) {
        if (encoded == null || !encoded.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            return null;
        }
        int m = -1;
        int t = -1;
        int p = -1;
        try {
            for (String kv : parts[0].split(",")) {
                String[] pair = kv.split("=", 2);
                if (pair.length != 2) {
                    return null;
                }
                int v = Integer.parseInt(pair[1]);
                switch (pair[0]) {
                    case "m" -> m = v;
                    case "t" -> t = v;
                    case "p" -> p = v;
                    default -> {
                        return null;
                    }
                }
            }
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] hash = Base64.getDecoder().decode(parts[2]);
            // Bounds keep a hostile or corrupt row from costing gigabytes or hours.
            if (m < 8 || m > 1024 * 1024 || t < 1 || t > 100 || p < 1 || p > 16 || salt.length < 8
                    || hash.length < 16 || hash.length > 128) {
                return null;
            }
            return new Parsed(m, t, p, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(byte[] password, byte[] salt, int memory, int iterations, int parallelism,
            int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[length];
        gen.generateBytes(password, out);
        return out;
    }
}
