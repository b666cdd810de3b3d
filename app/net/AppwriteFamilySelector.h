#pragma once

#include "AppwriteFamily.h"

#include <QString>

namespace cc {

struct ServiceError;

// Which API family the client speaks now, and why (docs/ARCHITECTURE.md §11.4). A forced choice
// (APPWRITE_API=tablesdb|documents) never changes. On `auto` TablesDB is preferred; the server's
// version moves a pre-1.8 server to the documents API, and two answers move the choice at most
// once each: TablesDB routes answering 404 general_route_not_found (a server older than 1.8), and
// documents routes answering 401 for scopes only the deprecated API insists on (a key made in a
// 1.8+ console). Pure logic: no network, unit-tested.
class AppwriteFamilySelector
{
public:
    explicit AppwriteFamilySelector(AppwriteApi preference = AppwriteApi::Auto);

    AppwriteApi preference() const { return m_preference; }
    const AppwriteFamily &current() const { return *m_current; }
    // Why the current family, for Health and the log: "TablesDB (chosen automatically)".
    QString description() const;
    const QString &serverVersion() const { return m_serverVersion; }

    // The server said its version (GET /health/version). Returns true when the choice changed.
    bool noteServerVersion(const QString &version);
    // A call made with `used` failed with `error`. Returns true when it should be sent again with
    // current(): the choice changed now (`*switched`), or another call already changed it.
    bool retryAfter(const AppwriteFamily &used, const ServiceError &error, bool *switched);

    static bool isRouteMissing(const ServiceError &error); // 404 general_route_not_found

private:
    void choose(const AppwriteFamily &family, const QString &reason);

    AppwriteApi m_preference;
    const AppwriteFamily *m_current;
    QString m_reason;
    QString m_serverVersion;
    bool m_leftTablesDb = false;  // after a 404 route (at most once)
    bool m_leftDocuments = false; // after a scope 401 (at most once)
};

} // namespace cc
