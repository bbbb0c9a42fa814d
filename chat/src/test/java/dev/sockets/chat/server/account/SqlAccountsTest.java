package dev.sockets.chat.server.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
import dev.sockets.common.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts in the real databases: an SQLite file (what a server keeps by default) and a PostgreSQL
 * (Debian's, as a network shares it). Names are one account whatever their case, a name is registered
 * once even when many try at once, and deleting an account takes its certificates with it.
 */
@Timeout(90)
class SqlAccountsTest {

    @RegisterExtension
    static final PostgresDatabase pg = new PostgresDatabase();

    @TempDir
    Path dir;

    private static void everyOperation(Accounts accounts) {
        assertThat(accounts.find("alice")).isEmpty();
        assertThat(accounts.create("Alice", "$argon2id$hash1")).isTrue();
        assertThat(accounts.create("ALICE", "$argon2id$hash2")).as("same name, other case").isFalse();
        Account a = accounts.find("alice").orElseThrow();
        assertThat(a.name()).isEqualTo("Alice");
        assertThat(a.passwordHash()).isEqualTo("$argon2id$hash1");
        assertThat(accounts.find("[alice]")).isEmpty();
        assertThat(accounts.create("{bob}", "h")).isTrue();
        assertThat(accounts.find("[BOB]")).as("rfc1459: {} are the lower case of []").isPresent();

        assertThat(accounts.setPassword("ALICE", "$argon2id$hash3")).isTrue();
        assertThat(accounts.find("Alice").orElseThrow().passwordHash()).isEqualTo("$argon2id$hash3");
        assertThat(accounts.setPassword("nobody", "x")).isFalse();

        String fp = "ab".repeat(32);
        assertThat(accounts.addCertificate("alice", fp)).isTrue();
        assertThat(accounts.addCertificate("{bob}", fp)).as("one certificate, one account").isFalse();
        assertThat(accounts.addCertificate("nobody", "cd".repeat(32))).isFalse();
        assertThat(accounts.findByCertificate(fp).orElseThrow().name()).isEqualTo("Alice");
        assertThat(accounts.find("alice").orElseThrow().certificates()).containsExactly(fp);
        assertThat(accounts.list()).extracting(Account::name).containsExactly("Alice", "{bob}");

        assertThat(accounts.delete("alice")).isTrue();
        assertThat(accounts.delete("alice")).isFalse();
        assertThat(accounts.find("alice")).isEmpty();
        assertThat(accounts.findByCertificate(fp)).as("its certificates went with it").isEmpty();
        assertThat(accounts.create("alice", "new")).as("the name is free again").isTrue();
    }

    private static void oneWinnerAmongRacingCreates(Accounts accounts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> tries = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String spelling = i % 2 == 0 ? "Racer" : "rAcEr";
                tries.add(pool.submit(() -> accounts.create(spelling, "h")));
            }
            int won = 0;
            for (Future<Boolean> f : tries) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inAnSqliteFile() throws Exception {
        try (Store store = Store.open(new StoreLocation.Embedded(dir))) {
            SqlAccounts accounts = new SqlAccounts(store.dataSource());
            everyOperation(accounts);
            oneWinnerAmongRacingCreates(accounts);
        }
        try (Store again = Store.open(new StoreLocation.Embedded(dir))) {
            assertThat(new SqlAccounts(again.dataSource()).find("racer")).as("kept in the file").isPresent();
        }
    }

    @Test
    void inPostgresql() throws Exception {
        try (Store store = Store.open(StoreLocation.of(pg.url(), dir))) {
            SqlAccounts accounts = new SqlAccounts(store.dataSource());
            everyOperation(accounts);
            oneWinnerAmongRacingCreates(accounts);
        }
    }

    /**
     * {@code sockets chat account add} while a server starts on a new data directory: both open (and
     * migrate) the same new file at once, and both succeed.
     */
    @Test
    void twoProcessesOpeningANewDataDirectoryAtOnceBothSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                Path fresh = dir.resolve("fresh" + round);
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                List<Future<String>> opens = new java.util.ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    opens.add(pool.submit(() -> {
                        together.await();
                        try (Store s = Store.open(new StoreLocation.Embedded(fresh))) {
                            return s.schemaVersion();
                        }
                    }));
                }
                assertThat(opens.get(0).get()).isEqualTo(opens.get(1).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStoreThatIsGoneIsAnAccountStoreException() {
        Store store = Store.open(new StoreLocation.Embedded(dir));
        SqlAccounts accounts = new SqlAccounts(store.dataSource());
        store.close();
        assertThatThrownBy(() -> accounts.find("alice")).isInstanceOf(AccountStoreException.class)
                .hasMessageStartingWith("the account store failed");
    }
}
