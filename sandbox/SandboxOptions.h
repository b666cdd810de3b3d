#pragma once

#include "FaultRule.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sandbox {

struct SandboxOptions
{
    // The Appwrite server imitated: 1.7 has no TablesDB (its routes answer 404
    // general_route_not_found); 1.8 has it, with an integer `$sequence`; 1.9 sends `$sequence` as a
    // string. The version shows in /v1/health/version and in every error body.
    enum class AppwriteVersion { V1_7, V1_8, V1_9 };
    // The scopes of the API key (and of the read-only key, within reads): `Rows` is a key made in a
    // 1.8+ console with the new scopes only (rows.*, tables.*, columns.*, indexes.*), which the
    // deprecated documents and collections routes refuse; `Documents` has only the old ones
    // (documents.*, collections.*, attributes.*), which TablesDB also accepts.
    enum class KeyScopes { Both, Rows, Documents };

    quint16 port = 0;
    int learners = 200;
    quint32 seed = 1;
    int courses = 5;
    double completedShare = 0.3;
    double checkedShare = 0.2;
    QString projectId = QStringLiteral("sandbox-project");
    QString apiKey = QStringLiteral("sandbox-appwrite-key");
    QString readOnlyApiKey = QStringLiteral("sandbox-readonly-key");
    QString databaseId = QStringLiteral("main");
    QString graphyMid = QStringLiteral("sandbox-mid");
    QString graphyKey = QStringLiteral("sandbox-graphy-key");
    QString functionId = QStringLiteral("completion_checker");
    bool graphyV2Enabled = true;
    double graphyRateLimit = 0; // requests per second over all Graphy routes; 0: no limit
    QList<FaultRule> faults;
    QStringList dropAttributes;  // "collection.attribute", e.g. "learners.last_completion_check"
    QStringList dropIndexes;     // "collection.index", e.g. "learners.status_index"
    QStringList dropCollections; // e.g. "checker_runs": a database provisioned before it existed
    // "collection.attribute": an extra required string attribute, as a deployment may have added
    // (e.g. "webhook_events.tenant_id"); creates without it are refused with 400.
    QStringList requireAttributes;
    // The database exists but holds no collections, as a fresh project before provisioning; Graphy
    // is still seeded.
    bool emptyDatabase = false;
    AppwriteVersion appwriteVersion = AppwriteVersion::V1_8;
    KeyScopes keyScopes = KeyScopes::Both;

    // Parses completion-sandbox's command line (without argv[0]).
    static bool parseArguments(const QStringList &arguments, SandboxOptions *options, QString *error);
    static QString usage();

    static bool parseAppwriteVersion(const QString &text, AppwriteVersion *version); // "1.7" | "1.8" | "1.9"
    static QString versionName(AppwriteVersion version);                             // "1.8"
    static QString fullVersion(AppwriteVersion version); // what the server reports, e.g. "1.8.1"
    static bool parseKeyScopes(const QString &text, KeyScopes *scopes); // "rows" | "documents" | "both"
    static QString keyScopesName(KeyScopes scopes);
};

} // namespace sandbox
