#pragma once

#include "HttpProbe.h"

#include <QJsonArray>
#include <QMetaType>
#include <QString>

// One API family's names for the same provisioning steps, for the schema-creation tests.
struct SchemaFamily
{
    QString parents;  // POST here creates a collection/table
    QString idParam;  // collectionId | tableId
    QString security; // documentSecurity | rowSecurity
    QString fields;   // attributes | columns: path segment and JSON key
    QString records;  // documents | rows
    QString recordId; // documentId | rowId
    QString parent;   // collection | table: error type prefix
    QString field;    // attribute | column
    QString indexExists;

    static const SchemaFamily &documents()
    {
        static const SchemaFamily f{"/databases/main/collections",
                                    "collectionId",
                                    "documentSecurity",
                                    "attributes",
                                    "documents",
                                    "documentId",
                                    "collection",
                                    "attribute",
                                    "index_already_exists"};
        return f;
    }
    static const SchemaFamily &tables()
    {
        static const SchemaFamily f{"/tablesdb/main/tables",
                                    "tableId",
                                    "rowSecurity",
                                    "columns",
                                    "rows",
                                    "rowId",
                                    "table",
                                    "column",
                                    "column_index_already_exists"};
        return f;
    }

    // POST of a collection/table named "Checker runs", as a provisioning client sends it.
    ProbeReply create(HttpProbe &http, const QString &id) const
    {
        return http.appwrite("POST", parents,
                             {{idParam, id},
                              {"name", "Checker runs"},
                              {"permissions", QJsonArray{R"(read("any"))"}},
                              {security, false},
                              {"enabled", true}});
    }
};
Q_DECLARE_METATYPE(SchemaFamily)
