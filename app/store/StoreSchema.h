#pragma once

namespace cc {

class StoreConnection;

// The local database's schema and its migrations. The version lives in PRAGMA user_version;
// each migration step runs in its own transaction together with the version bump, so a crash
// leaves the file at one version or the next, never between. A file from a newer app is refused
// before anything is written to it.
class StoreSchema
{
public:
    static int currentVersion();

    // The file's schema version, or -1 (with the connection's lastError set) when unreadable.
    static int version(const StoreConnection &connection);

    // Brings the file to `targetVersion` (tests use older targets to build old files).
    static bool migrate(StoreConnection &connection, int targetVersion = currentVersion());
};

} // namespace cc
