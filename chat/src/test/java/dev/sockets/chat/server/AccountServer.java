package dev.sockets.chat.server;

import dev.sockets.chat.server.account.PasswordHash;
import dev.sockets.chat.server.account.SqlAccounts;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.session.ChatTls;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.tls.TlsMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The server the account tests (SASL, NickServ) log in to, one for each test: plain and TLS listeners on
 * loopback, a real SQLite store in a directory of its own, and the account {@value #ACCOUNT} with password
 * {@value #PASSWORD}, created as the operator does, straight in the store. Stopped, and its directory
 * deleted, after the test. Use as a {@code @RegisterExtension} field.
 */
final class AccountServer implements BeforeEachCallback, AfterEachCallback {

    static final String ACCOUNT = "jilles";
    static final String PASSWORD = "sesame";

    private final ChatConfig config;
    private Path dir;
    private SqlAccounts accounts;
    private ChatServer chat;

    /** @param config what the test needs of the server; flood control is best off (tests send in bursts) */
    AccountServer(ChatConfig config) {
        this.config = config;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("chat-accounts-");
        Store store = Store.open(new StoreLocation.Embedded(dir));
        accounts = new SqlAccounts(store.dataSource());
        chat = new ChatServer(config, Endpoint.loopback(0),
                new ChatTls(Endpoint.loopback(0), TlsMaterial.selfSigned("irc.local").serverContext()),
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null, Network.SINGLE, store);
        chat.server().start();
        accounts.create(ACCOUNT, PasswordHash.hash(PASSWORD));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (chat != null) {
                chat.server().stop(Duration.ofSeconds(1)); // closes the store too
            }
        } finally {
            deleteRecursively();
        }
    }

    private void deleteRecursively() throws IOException {
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    ChatServer chat() {
        return chat;
    }

    /** The store's accounts, for a test to add its own or attach a certificate. */
    SqlAccounts accounts() {
        return accounts;
    }
}
