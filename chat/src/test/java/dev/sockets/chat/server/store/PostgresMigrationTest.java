package dev.sockets.chat.server.store;

import dev.sockets.common.testing.PostgresDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A PostgreSQL store of an older schema, with messages in it, migrated by a newer server (its own database). */
@Timeout(90)
class PostgresMigrationTest {

    @RegisterExtension
    static final PostgresDatabase pg = new PostgresDatabase();

    @Test
    void aSchema4StoreWithMessagesIsMigratedWithTheirOrderTheirIdsAndTheirConversations() throws Exception {
        StoreLocation.Postgres at = (StoreLocation.Postgres) StoreLocation.of(pg.url(), Path.of("unused"));
        StoreTest.schema4WithMessages(Dialect.POSTGRESQL, at.jdbcUrl(), at.user(), at.password());
        try (Store store = Store.open(at)) {
            StoreTest.assertCarriedOver(store);
        }
    }
}
