#include "AppwriteFamily.h"

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace cc {

QString AppwriteFamily::pathSegment(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

QString AppwriteFamily::operation(const char *verb, bool onContainer) const
{
    QString noun = QLatin1String(onContainer ? container : record);
    noun[0] = noun[0].toUpper();
    return QLatin1String(verb) + noun;
}

const AppwriteFamily &AppwriteFamily::tablesDb()
{
    static const AppwriteFamily family{
        AppwriteApi::TablesDb, "TablesDB", "tables", "rows",  "columns", "rowId", "tableId",
        "rowSecurity",         "row",      "table",  "column"};
    return family;
}

const AppwriteFamily &AppwriteFamily::documents()
{
    static const AppwriteFamily family{
        AppwriteApi::Documents, "documents API",    "collections", "documents",  "attributes", "documentId",
        "collectionId",         "documentSecurity", "document",    "collection", "attribute"};
    return family;
}

const AppwriteFamily &AppwriteFamily::of(AppwriteApi api)
{
    return api == AppwriteApi::Documents ? documents() : tablesDb();
}

QString AppwriteFamily::databasePath(const QString &databaseId) const
{
    return (api == AppwriteApi::Documents ? QStringLiteral("/databases/") : QStringLiteral("/tablesdb/")) +
           pathSegment(databaseId);
}

QString AppwriteFamily::containerPath(const QString &databaseId, const QString &containerId) const
{
    return QStringLiteral("%1/%2/%3")
        .arg(databasePath(databaseId), QLatin1String(containers), pathSegment(containerId));
}

QString AppwriteFamily::recordsPath(const QString &databaseId, const QString &containerId) const
{
    return containerPath(databaseId, containerId) + QLatin1Char('/') + QLatin1String(records);
}

QString AppwriteFamily::errorType(const char *suffix) const
{
    return QLatin1String(record) + QLatin1Char('_') + QLatin1String(suffix);
}

QString AppwriteFamily::containerErrorType(const char *suffix) const
{
    return QLatin1String(container) + QLatin1Char('_') + QLatin1String(suffix);
}

QString AppwriteFamily::fieldErrorType(const char *suffix) const
{
    return QLatin1String(field) + QLatin1Char('_') + QLatin1String(suffix);
}

QStringList AppwriteFamily::runScopes() const
{
    if (api == AppwriteApi::Documents)
        return {QStringLiteral("documents.read"), QStringLiteral("documents.write"),
                QStringLiteral("collections.read")};
    return {QStringLiteral("rows.read"), QStringLiteral("rows.write"), QStringLiteral("tables.read")};
}

QStringList AppwriteFamily::provisioningScopes() const
{
    if (api == AppwriteApi::Documents)
        return {QStringLiteral("collections.write")};
    return {QStringLiteral("tables.write"), QStringLiteral("columns.write"), QStringLiteral("indexes.write")};
}

bool AppwriteFamily::onlyDeprecatedScopes(const QStringList &missing)
{
    static const QStringList deprecated{
        QStringLiteral("documents.read"),   QStringLiteral("documents.write"),
        QStringLiteral("collections.read"), QStringLiteral("collections.write"),
        QStringLiteral("attributes.read"),  QStringLiteral("attributes.write")};
    return !missing.isEmpty() && std::all_of(missing.cbegin(), missing.cend(),
                                             [](const QString &scope) { return deprecated.contains(scope); });
}

QString AppwriteFamily::textFieldKind(const QString &serverVersion) const
{
    if (api == AppwriteApi::TablesDb && versionAtLeast(serverVersion, 1, 9))
        return QStringLiteral("varchar");
    return QStringLiteral("string");
}

bool AppwriteFamily::isTextType(const QString &type)
{
    static const QStringList text{QStringLiteral("string"), QStringLiteral("varchar"), QStringLiteral("text"),
                                  QStringLiteral("mediumtext"), QStringLiteral("longtext")};
    return text.contains(type);
}

bool AppwriteFamily::versionAtLeast(const QString &version, int major, int minor)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*v?(\\d+)\\.(\\d+)"));
    const QRegularExpressionMatch m = pattern.match(version);
    if (!m.hasMatch())
        return false;
    const int gotMajor = m.captured(1).toInt(), gotMinor = m.captured(2).toInt();
    return gotMajor > major || (gotMajor == major && gotMinor >= minor);
}

QString AppwriteFamily::apiName(AppwriteApi api)
{
    switch (api) {
    case AppwriteApi::Auto:
        return QStringLiteral("auto");
    case AppwriteApi::TablesDb:
        return QStringLiteral("tablesdb");
    case AppwriteApi::Documents:
        return QStringLiteral("documents");
    }
    return {};
}

bool AppwriteFamily::parseApiName(const QString &text, AppwriteApi *api)
{
    for (AppwriteApi candidate : {AppwriteApi::Auto, AppwriteApi::TablesDb, AppwriteApi::Documents}) {
        if (text.trimmed().compare(apiName(candidate), Qt::CaseInsensitive) == 0) {
            *api = candidate;
            return true;
        }
    }
    return false;
}

} // namespace cc
