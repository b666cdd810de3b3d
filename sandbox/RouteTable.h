#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace sandbox {

enum class Api { None, Appwrite, Graphy, Control };

enum class RouteId {
    None,
    AwHealth,
    AwHealthVersion,
    AwDatabase,
    AwCollection,
    AwListDocuments,
    AwCreateDocument,
    AwGetDocument,
    AwUpdateDocument,
    AwDeleteDocument,
    AwListAttributes,
    AwGetAttribute,
    AwCreateStringAttribute,
    AwCreateDatetimeAttribute,
    AwCreateIntegerAttribute,
    AwCreateVarcharAttribute, // 1.9
    AwCreateTextAttribute,    // 1.9
    AwCreateCollection,
    AwListIndexes,
    AwGetIndex,
    AwCreateIndex,
    // TablesDB (1.8+): the same data and handlers under other names. Keep them together, from
    // AwTablesDatabase to AwCreateTableIndex: isTablesDb() tests that range.
    AwTablesDatabase,
    AwTable,
    AwListRows,
    AwCreateRow,
    AwGetRow,
    AwUpdateRow,
    AwDeleteRow,
    AwListColumns,
    AwGetColumn,
    AwListTableIndexes,
    AwGetTableIndex,
    AwCreateTable,
    AwCreateStringColumn,
    AwCreateVarcharColumn, // 1.9
    AwCreateTextColumn,    // 1.9
    AwCreateDatetimeColumn,
    AwCreateIntegerColumn,
    AwCreateTableIndex,
    AwCreateExecution,
    AwListExecutions,
    AwGetExecution,
    GrLearnersV1,
    GrLearnersV2,
    GrLearner,
    GrLearnerUsage,
    GrProducts,
    GrProduct,
    GrActiveLearners,
};

// Maps "METHOD /concrete/path" to a route id, its template (what request counts are keyed by) and
// its path parameters.
class RouteTable
{
public:
    struct Match
    {
        RouteId id = RouteId::None;
        Api api = Api::None;
        QString routeKey; // "GET /v1/databases/{databaseId}/…"
        QHash<QString, QString> params;
    };

    RouteTable();
    Match match(const QByteArray &method, const QString &path) const;
    static Api apiForPath(const QString &path);
    static bool isTablesDb(RouteId id)
    {
        return id >= RouteId::AwTablesDatabase && id <= RouteId::AwCreateTableIndex;
    }
    // The varchar and text column/attribute types arrived in 1.9; older servers have no such route.
    static bool isSince19(RouteId id)
    {
        return id == RouteId::AwCreateVarcharAttribute || id == RouteId::AwCreateTextAttribute ||
               id == RouteId::AwCreateVarcharColumn || id == RouteId::AwCreateTextColumn;
    }

private:
    struct Entry
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        RouteId id;
        Api api;
    };
    void add(const char *method, const char *pattern, RouteId id, Api api);

    QList<Entry> m_entries;
};

} // namespace sandbox
