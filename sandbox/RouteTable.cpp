#include "RouteTable.h"

namespace sandbox {

RouteTable::RouteTable()
{
    const char *docs = "/v1/databases/{databaseId}/collections/{collectionId}/documents";
    const QByteArray doc = QByteArray(docs) + "/{documentId}";
    const char *col = "/v1/databases/{databaseId}/collections/{collectionId}";
    const QByteArray attrs = QByteArray(col) + "/attributes";
    const QByteArray idx = QByteArray(col) + "/indexes";
    // Literal segments are listed before parameter segments at the same depth.
    add("GET", "/v1/health/version", RouteId::AwHealthVersion, Api::Appwrite);
    add("GET", "/v1/health", RouteId::AwHealth, Api::Appwrite);
    add("GET", "/v1/databases/{databaseId}", RouteId::AwDatabase, Api::Appwrite);
    add("POST", "/v1/databases/{databaseId}/collections", RouteId::AwCreateCollection, Api::Appwrite);
    add("GET", col, RouteId::AwCollection, Api::Appwrite);
    add("GET", docs, RouteId::AwListDocuments, Api::Appwrite);
    add("POST", docs, RouteId::AwCreateDocument, Api::Appwrite);
    add("GET", doc, RouteId::AwGetDocument, Api::Appwrite);
    add("PATCH", doc, RouteId::AwUpdateDocument, Api::Appwrite);
    add("DELETE", doc, RouteId::AwDeleteDocument, Api::Appwrite);
    add("GET", attrs, RouteId::AwListAttributes, Api::Appwrite);
    add("POST", attrs + "/string", RouteId::AwCreateStringAttribute, Api::Appwrite);
    add("POST", attrs + "/datetime", RouteId::AwCreateDatetimeAttribute, Api::Appwrite);
    add("POST", attrs + "/integer", RouteId::AwCreateIntegerAttribute, Api::Appwrite);
    add("POST", attrs + "/varchar", RouteId::AwCreateVarcharAttribute, Api::Appwrite);
    add("POST", attrs + "/text", RouteId::AwCreateTextAttribute, Api::Appwrite);
    add("GET", attrs + "/{key}", RouteId::AwGetAttribute, Api::Appwrite);
    add("GET", idx, RouteId::AwListIndexes, Api::Appwrite);
    add("POST", idx, RouteId::AwCreateIndex, Api::Appwrite);
    add("GET", idx + "/{key}", RouteId::AwGetIndex, Api::Appwrite);
    const char *table = "/v1/tablesdb/{databaseId}/tables/{tableId}";
    const QByteArray rows = QByteArray(table) + "/rows";
    const QByteArray row = rows + "/{rowId}";
    const QByteArray columns = QByteArray(table) + "/columns";
    const QByteArray tableIndexes = QByteArray(table) + "/indexes";
    add("GET", "/v1/tablesdb/{databaseId}", RouteId::AwTablesDatabase, Api::Appwrite);
    add("POST", "/v1/tablesdb/{databaseId}/tables", RouteId::AwCreateTable, Api::Appwrite);
    add("GET", table, RouteId::AwTable, Api::Appwrite);
    add("GET", rows, RouteId::AwListRows, Api::Appwrite);
    add("POST", rows, RouteId::AwCreateRow, Api::Appwrite);
    add("GET", row, RouteId::AwGetRow, Api::Appwrite);
    add("PATCH", row, RouteId::AwUpdateRow, Api::Appwrite);
    add("DELETE", row, RouteId::AwDeleteRow, Api::Appwrite);
    add("GET", columns, RouteId::AwListColumns, Api::Appwrite);
    add("POST", columns + "/string", RouteId::AwCreateStringColumn, Api::Appwrite);
    add("POST", columns + "/varchar", RouteId::AwCreateVarcharColumn, Api::Appwrite);
    add("POST", columns + "/text", RouteId::AwCreateTextColumn, Api::Appwrite);
    add("POST", columns + "/datetime", RouteId::AwCreateDatetimeColumn, Api::Appwrite);
    add("POST", columns + "/integer", RouteId::AwCreateIntegerColumn, Api::Appwrite);
    add("GET", columns + "/{key}", RouteId::AwGetColumn, Api::Appwrite);
    add("GET", tableIndexes, RouteId::AwListTableIndexes, Api::Appwrite);
    add("POST", tableIndexes, RouteId::AwCreateTableIndex, Api::Appwrite);
    add("GET", tableIndexes + "/{key}", RouteId::AwGetTableIndex, Api::Appwrite);
    add("POST", "/v1/functions/{functionId}/executions", RouteId::AwCreateExecution, Api::Appwrite);
    add("GET", "/v1/functions/{functionId}/executions", RouteId::AwListExecutions, Api::Appwrite);
    add("GET", "/v1/functions/{functionId}/executions/{executionId}", RouteId::AwGetExecution, Api::Appwrite);

    add("GET", "/public/v1/learners", RouteId::GrLearnersV1, Api::Graphy);
    add("GET", "/public/v2/learners", RouteId::GrLearnersV2, Api::Graphy);
    add("GET", "/public/v1/learners/{learnerId}", RouteId::GrLearner, Api::Graphy);
    add("GET", "/public/v1/learners/{learnerId}/usage", RouteId::GrLearnerUsage, Api::Graphy);
    add("GET", "/public/v1/products", RouteId::GrProducts, Api::Graphy);
    add("GET", "/public/v1/products/{productId}", RouteId::GrProduct, Api::Graphy);
    add("GET", "/t/api/public/v3/products/activelearners", RouteId::GrActiveLearners, Api::Graphy);
}

void RouteTable::add(const char *method, const char *pattern, RouteId id, Api api)
{
    Entry e{method, QString::fromLatin1(pattern), QString::fromLatin1(pattern).split(QLatin1Char('/')), id,
            api};
    m_entries.append(e);
}

Api RouteTable::apiForPath(const QString &path)
{
    if (path == QLatin1String("/v1") || path.startsWith(QLatin1String("/v1/")))
        return Api::Appwrite;
    if (path.startsWith(QLatin1String("/_sandbox")))
        return Api::Control;
    return Api::Graphy; // everything else is answered by the "Graphy gateway"
}

RouteTable::Match RouteTable::match(const QByteArray &method, const QString &path) const
{
    Match result;
    QString trimmed = path;
    if (trimmed.size() > 1 && trimmed.endsWith(QLatin1Char('/')))
        trimmed.chop(1);
    const QStringList segments = trimmed.split(QLatin1Char('/'));
    for (const Entry &e : m_entries) {
        if (e.method != method || e.segments.size() != segments.size())
            continue;
        QHash<QString, QString> params;
        bool ok = true;
        for (qsizetype i = 0; i < segments.size() && ok; ++i) {
            const QString &p = e.segments[i];
            if (p.startsWith(QLatin1Char('{'))) {
                if (segments[i].isEmpty())
                    ok = false;
                else
                    params.insert(p.mid(1, p.size() - 2), segments[i]);
            } else {
                ok = p == segments[i];
            }
        }
        if (ok) {
            result.id = e.id;
            result.api = e.api;
            result.routeKey = QString::fromLatin1(e.method) + QLatin1Char(' ') + e.pattern;
            result.params = params;
            return result;
        }
    }
    result.api = apiForPath(path);
    return result;
}

} // namespace sandbox
