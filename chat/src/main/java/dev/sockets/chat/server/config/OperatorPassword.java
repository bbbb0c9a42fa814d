package dev.sockets.chat.server.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * An operator's password as the operators file holds it: PBKDF2-HMAC-SHA256 with its salt and iteration
 * count in the string, {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in unpadded Base64), so
 * the file never holds a password and a stolen file costs an attacker the iterations per guess.
 */
public final class OperatorPassword {

    /** The scheme word that starts every hash. */
    public static final String SCHEME = "pbkdf2-sha256";
    /**
     * Iterations of a new hash: OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600 000; a third of it keeps
     * an OPER on a busy 2-core host near 100 ms while still costing a guesser dearly.
     */
    public static final int DEFAULT_ITERATIONS = 200_000;
    private static final int MIN_ITERATIONS = 10_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private OperatorPassword(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** A new hash of {@code password} with a random salt, as the file holds it. */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /** A new hash with {@code iterations} (at least 10 000; tests use few, to stay fast). */
    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(derive(password, salt, iterations));
    }

    /**
     * Reads a hash from the file.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static OperatorPassword parse(String encoded) {
        String[] f = encoded.split("\\$", -1);
        if (f.length != 4 || !f[0].equals(SCHEME)) {
            throw new IllegalArgumentException("the hash must be " + SCHEME
                    + "$ITERATIONS$SALT$HASH (made by `sockets chat server hash-password`)");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(f[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count is not a number: " + f[1]);
        }
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("the iteration count must be " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(f[2]);
            hash = Base64.getDecoder().decode(f[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the salt and hash must be Base64");
        }
        if (salt.length < 8 || hash.length != HASH_BITS / 8) {
            throw new IllegalArgumentException("the salt must be at least 8 bytes and the hash 32");
        }
        return new OperatorPassword(iterations, salt, hash);
    }

    /**
     * Whether {@code password} is the one hashed; takes the same time whatever it is.
     *
     * @param password as the server reads IRC text, one char per byte: its bytes are taken as UTF-8, as
     *        the console's characters were when the hash was made
     */
    public boolean matches(String password) {
        char[] chars = new String(password.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).toCharArray();
        try {
            return MessageDigest.isEqual(hash, derive(chars, salt, iterations));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** Spends the time of a real check, so an unknown operator name answers no faster than a wrong password. */
    static void burnTime() {
        derive("x".toCharArray(), new byte[SALT_BYTES], DEFAULT_ITERATIONS);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        // The JDK's PBKDF2 feeds the password's UTF-8 bytes to the HMAC.
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
