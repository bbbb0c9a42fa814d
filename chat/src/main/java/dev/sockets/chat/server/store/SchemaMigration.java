package dev.sockets.chat.server.store;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A schema version only Java can migrate to (it moves data through {@link ChannelChunks}' encoding): its
 * number, which is also its checksum (the code of an applied version is not changed afterwards), and its
 * description; it runs in the transaction of every pending migration.
 */
abstract class SchemaMigration implements JavaMigration {

    private final int version;
    private final String description;

    SchemaMigration(int version, String description) {
        this.version = version;
        this.description = description;
    }

    @Override
    public final MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(Integer.toString(version));
    }

    @Override
    public final String getDescription() {
        return description;
    }

    @Override
    public final Integer getChecksum() {
        return version;
    }

    @Override
    public final boolean canExecuteInTransaction() {
        return true;
    }
}
