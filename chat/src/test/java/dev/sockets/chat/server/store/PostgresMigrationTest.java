package dev.sockets.chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A PostgreSQL store of an older schema, with messages in it, migrated by a newer server (its own database). */
@Timeout(90)
class PostgresMigrationTest {

    @RegisterExtension
    static final PostgresDatabase pg = new PostgresDatabase();

    private StoreLocation.Postgres at;

    @BeforeEach
    void anEmptyDatabase() throws Exception {
        pg.psql("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        at = (StoreLocation.Postgres) StoreLocation.of(pg.url(), Path.of("unused"));
    }

    @Test
    void aSchema4StoreWithMessagesIsMigratedWithTheirOrderTheirIdsAndTheirConversations() throws Exception {
        StoreTest.schema4WithMessages(Dialect.POSTGRESQL, at.jdbcUrl(), at.user(), at.password());
        try (Store store = Store.open(at)) {
            StoreTest.assertCarriedOver(store);
        }
    }

    /** Written again in format 2 while they are streamed (fetched a few at a time, in the migration's transaction). */
    @Test
    void aSchema6StoresChunksAreWrittenAgainInFormat2AndReadTheSame() throws Exception {
        Map<String, List<StoredMessage>> stored = StoreTest.schema6WithFormatOneChunks(Dialect.POSTGRESQL, at.jdbcUrl(),
                at.user(), at.password());
        long before = StoreTest.chunkBytes(at.jdbcUrl(), at.user(), at.password());
        try (Store store = Store.open(at)) {
            StoreTest.assertFormatTwoWith(store, stored);
        }
        assertThat(StoreTest.chunkBytes(at.jdbcUrl(), at.user(), at.password())).isLessThan(before * 3 / 4);
    }
}
