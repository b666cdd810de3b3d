#pragma once
// The Appwrite API family an integration test runs against. CTest runs each integration test twice
// (tests/CMakeLists.txt, BOTH_FAMILIES): as itself, with the shipped default `auto` (TablesDB on the
// sandbox), and as `<name>_documents` with CC_TEST_APPWRITE_API=documents. Tests that name routes or
// fault paths write them in the documents API's words and translate them here, so one assertion
// checks both families.

#include "net/AppwriteFamily.h"

#include <QString>
#include <QtGlobal>

namespace familytest {

inline cc::AppwriteApi apiUnderTest()
{
    cc::AppwriteApi api = cc::AppwriteApi::Auto;
    const QString name = qEnvironmentVariable("CC_TEST_APPWRITE_API");
    if (!name.isEmpty() && !cc::AppwriteFamily::parseApiName(name, &api))
        qFatal("CC_TEST_APPWRITE_API must be auto, tablesdb or documents");
    return api;
}

inline const cc::AppwriteFamily &familyUnderTest()
{
    return cc::AppwriteFamily::of(apiUnderTest());
}

inline bool onTablesDb()
{
    return familyUnderTest().api == cc::AppwriteApi::TablesDb;
}

// A path or a sandbox route key in the documents API's words, in the family's words:
// "POST /v1/databases/{databaseId}/collections/{collectionId}/documents"
//   → "POST /v1/tablesdb/{databaseId}/tables/{tableId}/rows"; "/collections/learners/documents$"
//   → "/tables/learners/rows$"; Health's "attribute 'name'" → "column 'name'".
inline QString translated(QString documentsText)
{
    if (!onTablesDb())
        return documentsText;
    return documentsText.replace(QStringLiteral("/v1/databases/"), QStringLiteral("/v1/tablesdb/"))
        .replace(QStringLiteral("/collections/{collectionId}"), QStringLiteral("/tables/{tableId}"))
        .replace(QStringLiteral("/collections/"), QStringLiteral("/tables/"))
        .replace(QStringLiteral("{documentId}"), QStringLiteral("{rowId}"))
        .replace(QStringLiteral("/documents"), QStringLiteral("/rows"))
        .replace(QStringLiteral("/attributes"), QStringLiteral("/columns"))
        .replace(QStringLiteral("attribute '"), QStringLiteral("column '"))
        .replace(QStringLiteral("Document"), QStringLiteral("Row")); // operations: listDocuments → listRows
}

// The list envelope's key: "rows" | "documents".
inline QByteArray listKey()
{
    return QByteArray(familyUnderTest().records);
}

} // namespace familytest
