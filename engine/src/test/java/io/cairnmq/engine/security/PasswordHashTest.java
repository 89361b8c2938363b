package io.cairnmq.engine.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class PasswordHashTest {

    private static final char[] SECRET = "correct horse".toCharArray();

    @Test
    void aStoredHashReadBackVerifiesItsPasswordAndNoOther() {
        String stored = PasswordHash.of(SECRET).encoded();

        PasswordHash read = PasswordHash.parse(stored);

        assertTrue(read.verify(SECRET));
        assertFalse(read.verify("correct horse ".toCharArray()));
        assertFalse(read.verify(new char[0]));
        assertEquals(PasswordHash.DEFAULT_ITERATIONS, read.iterations());
        assertEquals(stored, read.encoded());
    }

    @Test
    void theStoredFormSaysTheAlgorithmIterationsSaltAndHash() {
        String[] parts = PasswordHash.of(SECRET, 5_000).encoded().split(":");

        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("5000", parts[1]);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
    }

    @Test
    void theSamePasswordHashedTwiceGetsDifferentSaltsAndHashes() {
        String[] first = PasswordHash.of(SECRET, 1_000).encoded().split(":");
        String[] second = PasswordHash.of(SECRET, 1_000).encoded().split(":");

        assertNotEquals(first[2], second[2]);
        assertNotEquals(first[3], second[3]);
    }

    @Test
    void theIterationCountIsReadFromTheStoredForm() {
        PasswordHash strong = PasswordHash.parse(PasswordHash.of(SECRET, 2_000).encoded());

        assertEquals(2_000, strong.iterations());
        assertTrue(strong.verify(SECRET));
    }

    @Test
    void aTamperedHashSaltOrIterationCountNoLongerVerifies() {
        String[] parts = PasswordHash.of(SECRET, 1_000).encoded().split(":");
        String salt = parts[2];
        String hash = parts[3];

        assertFalse(PasswordHash.parse(join(parts[1], salt, flipFirstByte(hash))).verify(SECRET));
        assertFalse(PasswordHash.parse(join(parts[1], flipFirstByte(salt), hash)).verify(SECRET));
        assertFalse(PasswordHash.parse(join("1001", salt, hash)).verify(SECRET));
    }

    @Test
    void aDamagedStoredFormIsRefusedSayingWhatIsWrong() {
        String[] parts = PasswordHash.of(SECRET, 1_000).encoded().split(":");

        assertRefused("s3cret", "starts with pbkdf2-sha256:");
        assertRefused("pbkdf2-sha256:1000:" + parts[2], "ITERATIONS:SALT:HASH");
        assertRefused(join("many", parts[2], parts[3]), "not a whole number");
        assertRefused(join("10", parts[2], parts[3]), "out of range");
        assertRefused(join("1000", "not base64!", parts[3]), "salt is not Base64");
        assertRefused(join("1000", parts[2], parts[3].substring(0, 8)), "16 to 64 bytes");
    }

    @Test
    void neitherTheHashNorThePasswordShowsInToString() {
        PasswordHash hash = PasswordHash.of(SECRET, 1_000);

        assertFalse(hash.toString().contains(hash.encoded().split(":")[3]));
    }

    private static void assertRefused(String stored, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(stored));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static String join(String iterations, String salt, String hash) {
        return PasswordHash.PREFIX + iterations + ":" + salt + ":" + hash;
    }

    private static String flipFirstByte(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[0] ^= 1;
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
