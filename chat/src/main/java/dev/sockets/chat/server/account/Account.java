package dev.sockets.chat.server.account;

import java.util.List;

/**
 * One registered account: its name as registered (the case the user chose), the password hash
 * ({@link PasswordHash}), when it was registered, and the SHA-256 fingerprints of the TLS client
 * certificates that log in to it with SASL EXTERNAL (lower-case hex, no colons).
 */
public record Account(String name, String passwordHash, long createdMillis, List<String> certificates) {

    public Account {
        certificates = List.copyOf(certificates);
    }
}
