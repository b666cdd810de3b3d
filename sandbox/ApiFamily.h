#pragma once

#include <QString>

namespace sandbox {

// The two names Appwrite gives the same data since 1.8: the Databases API's collections,
// attributes and documents (deprecated), and TablesDB's tables, columns and rows. As in Appwrite,
// one set of handlers serves both; a family only supplies the names: path parameters, JSON keys,
// error types and messages.
struct ApiFamily
{
    bool tablesDb = false;
    const char *parentParam; // "collectionId" | "tableId"
    const char *recordParam; // "documentId" | "rowId"
    const char *parentKey;   // "$collectionId" | "$tableId"
    const char *listKey;     // "documents" | "rows"
    const char *fieldsKey;   // "attributes" | "columns"
    const char *securityKey; // "documentSecurity" | "rowSecurity"
    const char *record;      // "document" | "row": error types (`row_not_found`) and messages
    const char *parent;      // "collection" | "table"
    const char *field;       // "attribute" | "column"
    const char *missingData; // Appwrite's message (the two differ in their final period)

    static const ApiFamily &documents();
    static const ApiFamily &rows();

    // `record` + "_" + suffix, e.g. type("not_found") → "row_not_found".
    QString type(const char *suffix) const;
    QString parentType(const char *suffix) const;
    QString fieldType(const char *suffix) const;
    // "Document"/"Row", "Collection"/"Table", "Attribute"/"Column".
    QString Record() const { return capitalized(record); }
    QString Parent() const { return capitalized(parent); }
    QString Field() const { return capitalized(field); }

private:
    static QString capitalized(const char *word);
};

} // namespace sandbox
