package io.cairnmq.engine.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A password stored as a salted PBKDF2-HMAC-SHA256 hash, in a form that says how it was made:
 * {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}, salt and hash in Base64. Because the iteration count
 * is read from the stored form, raising {@link #DEFAULT_ITERATIONS} later leaves older lines
 * valid; they are strengthened by hashing the password again.
 *
 * <p>{@link #DEFAULT_ITERATIONS} is 100,000: one verification took 22 ms on a 2-core Xeon virtual
 * machine (JDK 17, after warm-up; the first in a fresh JVM up to 100 ms; 44 ms at 200,000). That
 * is slow enough that guessing against a stolen file costs about 45 tries a second per core, and
 * cheap enough that a connection does not notice it.
 */
public final class PasswordHash {

    /** What a stored hash starts with; a value without it is not a hash. */
    public static final String PREFIX = "pbkdf2-sha256:";

    /** Iterations of a new hash; see the class comment for what one verification costs. */
    public static final int DEFAULT_ITERATIONS = 100_000;

    /** Fewer iterations than this make guessing cheap: such a stored hash is refused. */
    static final int MIN_ITERATIONS = 1_000;

    /** More than this would make each connection wait for seconds: surely a typing mistake. */
    static final int MAX_ITERATIONS = 10_000_000;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a password with a new random salt and {@link #DEFAULT_ITERATIONS}. */
    public static PasswordHash of(char[] password) {
        return of(password, DEFAULT_ITERATIONS);
    }

    /** Hashes a password with a new random salt and the given iterations. */
    public static PasswordHash of(char[] password, int iterations) {
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BYTES));
    }

    /** Whether a stored value claims to be a hash at all (the rest may still be damaged). */
    public static boolean looksHashed(String stored) {
        return stored.startsWith(PREFIX);
    }

    /**
     * Reads the stored form.
     *
     * @throws IllegalArgumentException naming what is wrong with it, never repeating it
     */
    public static PasswordHash parse(String stored) {
        if (!looksHashed(stored)) {
            throw new IllegalArgumentException("a hash starts with " + PREFIX);
        }
        String[] parts = stored.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a hash has the form " + PREFIX + "ITERATIONS:SALT:HASH");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count is not a whole number", e);
        }
        checkIterations(iterations);
        byte[] salt = base64(parts[1], "salt");
        byte[] hash = base64(parts[2], "hash");
        if (salt.length < 8) {
            throw new IllegalArgumentException("the salt is shorter than 8 bytes");
        }
        if (hash.length < 16 || hash.length > 64) {
            throw new IllegalArgumentException("the hash is not 16 to 64 bytes long");
        }
        return new PasswordHash(iterations, salt, hash);
    }

    /** Whether the password is the one hashed; the comparison takes as long wherever they differ. */
    public boolean verify(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    public int iterations() {
        return iterations;
    }

    /** The stored form: {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PREFIX + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
    }

    @Override
    public String toString() {
        // The hash itself stays out of logs and messages.
        return PREFIX + iterations + ":...";
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("the iteration count " + iterations + " is out of range "
                    + MIN_ITERATIONS + ".." + MAX_ITERATIONS);
        }
    }

    private static byte[] base64(String value, String what) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " is not Base64", e);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime has this algorithm; without it no password can be checked.
            throw new IllegalStateException(ALGORITHM + " is not available in this Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
