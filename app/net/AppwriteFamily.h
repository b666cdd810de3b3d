#pragma once

#include <QString>
#include <QStringList>

namespace cc {

// Which of Appwrite's two APIs over the same data the checker speaks (docs/ARCHITECTURE.md §11.4).
enum class AppwriteApi {
    Auto,      // TablesDB, unless the server is older than 1.8
    TablesDb,  // /tablesdb/{db}/tables/{table}/rows (1.8+)
    Documents, // /databases/{db}/collections/{collection}/documents (deprecated since 1.8)
};

// The vocabulary of one API family. Appwrite serves both families with one set of handlers, so the
// two differ only in names: paths, JSON keys, error types and the key scopes they accept. The client
// builds every data and schema call from the family in force; nothing above it sees which one.
struct AppwriteFamily
{
    AppwriteApi api;
    const char *title;        // "TablesDB" | "documents API"
    const char *containers;   // path segment: "tables" | "collections"
    const char *records;      // path segment and list key: "rows" | "documents"
    const char *fields;       // path segment and table key: "columns" | "attributes"
    const char *recordIdKey;  // create body: "rowId" | "documentId"
    const char *containerKey; // create body: "tableId" | "collectionId"
    const char *securityKey;  // "rowSecurity" | "documentSecurity"
    const char *record;       // "row" | "document": error types (row_not_found) and messages
    const char *container;    // "table" | "collection"
    const char *field;        // "column" | "attribute"

    static const AppwriteFamily &tablesDb();
    static const AppwriteFamily &documents();
    static const AppwriteFamily &of(AppwriteApi api); // Auto → TablesDB

    // "/tablesdb/{db}" | "/databases/{db}", the database segment percent-encoded.
    QString databasePath(const QString &databaseId) const;
    QString containerPath(const QString &databaseId, const QString &containerId) const;
    QString recordsPath(const QString &databaseId, const QString &containerId) const;

    // The call's name in error texts, as the server received it: operation("list") + "s" →
    // "listRows" | "listDocuments"; operation("get", true) → "getTable" | "getCollection".
    QString operation(const char *verb, bool onContainer = false) const;
    static QString pathSegment(const QString &id); // percent-encoded: an ID never splices a path

    // `record` + "_" + suffix: errorType("not_found") → "row_not_found".
    QString errorType(const char *suffix) const;
    QString containerErrorType(const char *suffix) const;
    QString fieldErrorType(const char *suffix) const;

    // Scopes a key needs for what the checker does: read and write learners and events, and read the
    // schema for Health. TablesDB accepts the older names too; the deprecated routes only those.
    QStringList runScopes() const;
    // Scopes the schema provisioning needs in addition.
    QStringList provisioningScopes() const;
    // Whether every scope in `missing` is one only the deprecated routes insist on, so the same key
    // would work on TablesDB (rows.* keys made in a 1.8+ console).
    static bool onlyDeprecatedScopes(const QStringList &missing);

    // The column kind for a text field on a server of `serverVersion` ("1.9.0"): 1.9 deprecates
    // TablesDB's "string" for "varchar"; the documents API and 1.8 know only "string".
    QString textFieldKind(const QString &serverVersion) const;
    // Column types Appwrite may report for a field created as text ("string", "varchar", "text", …).
    static bool isTextType(const QString &type);

    // "1.8.1" → true for 1.8 and later; false for older or unparsable versions.
    static bool versionAtLeast(const QString &version, int major, int minor);

    static QString apiName(AppwriteApi api); // "auto" | "tablesdb" | "documents"
    static bool parseApiName(const QString &text, AppwriteApi *api);
};

} // namespace cc
