package dev.sockets.chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.testing.PostgresDatabase;
import dev.sockets.common.testing.PostgresProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store on a real PostgreSQL (Debian's, a database of its own: {@link PostgresDatabase}): the same
 * migrations as SQLite, and each way a PostgreSQL can refuse us is one line.
 */
@Timeout(60)
class PostgresStoreTest {

    @RegisterExtension
    static final PostgresDatabase pg = new PostgresDatabase();

    private static StoreLocation at(String url) {
        return StoreLocation.of(url, Path.of("unused"));
    }

    @Test
    void theSchemaIsMigratedOnceAndRowsAreKeptAcrossReopening() throws Exception {
        String version;
        try (Store store = Store.open(at(pg.url()))) {
            assertThat(store.dialect()).isEqualTo(Dialect.POSTGRESQL);
            version = store.schemaVersion();
            assertThat(version).isNotEqualTo("0");
            StoreTest.insert(store, "pg-1");
            assertThatThrownBy(() -> StoreTest.insert(store, "pg-1")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(store.dialect().isDuplicateKey(e)).isTrue());
        }
        try (Store again = Store.open(at(pg.url()))) {
            assertThat(again.schemaVersion()).isEqualTo(version);
            try (Connection c = again.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM history WHERE msgid = 'pg-1'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
        assertThat(pg.psql("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(version);
    }

    @Test
    void aWrongPasswordIsARefusedLoginInOneLineWithoutThePassword() {
        assertThatThrownBy(() -> Store.open(at(pg.url(PostgresProcess.USER, "wrong-secret"))))
                .isInstanceOf(StoreException.class)
                .hasMessage("postgresql://sockets@127.0.0.1:" + pg.port() + "/" + pg.database() + ": the login was refused "
                        + "(check the user and password of --store)");
    }

    @Test
    void aMissingDatabaseSaysHowToCreateIt() {
        String url = pg.url().replace("/" + pg.database(), "/nosuchdb");
        assertThatThrownBy(() -> Store.open(at(url)))
                .isInstanceOf(StoreException.class)
                .hasMessage("postgresql://sockets@127.0.0.1:" + pg.port() + "/nosuchdb: no such database "
                        + "(create it: createdb -O sockets nosuchdb)");
    }

    @Test
    void nothingListeningIsOneLine() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        assertThatThrownBy(() -> Store.open(at("postgresql://u:p@127.0.0.1:" + port + "/d")))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("postgresql://u@127.0.0.1:" + port + "/d: cannot connect: ")
                .hasMessageNotContaining("\n");
    }
}
