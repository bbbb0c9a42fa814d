package dev.sockets.chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.testing.PostgresDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A PostgreSQL store of schema 6, its chunks in format 1, opened by a newer server: written again in format 2
 * while they are streamed (its own database).
 */
@Timeout(90)
class PostgresChunkFormatMigrationTest {

    @RegisterExtension
    static final PostgresDatabase pg = new PostgresDatabase();

    @Test
    void aSchema6StoresChunksAreWrittenAgainInFormat2AndReadTheSame() throws Exception {
        StoreLocation.Postgres at = (StoreLocation.Postgres) StoreLocation.of(pg.url(), Path.of("unused"));
        List<StoredMessage> stored = StoreTest.schema6WithFormatOneChunks(Dialect.POSTGRESQL, at.jdbcUrl(), at.user(),
                at.password());
        long before = StoreTest.chunkBytes(at.jdbcUrl(), at.user(), at.password());
        try (Store store = Store.open(at)) {
            StoreTest.assertFormatTwoWith(store, stored);
        }
        assertThat(StoreTest.chunkBytes(at.jdbcUrl(), at.user(), at.password())).isLessThan(before * 3 / 4);
    }
}
