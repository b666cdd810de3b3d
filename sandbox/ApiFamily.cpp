#include "ApiFamily.h"

namespace sandbox {

const ApiFamily &ApiFamily::documents()
{
    static const ApiFamily family{false,
                                  "collectionId",
                                  "documentId",
                                  "$collectionId",
                                  "documents",
                                  "attributes",
                                  "documentSecurity",
                                  "document",
                                  "collection",
                                  "attribute",
                                  "The document data is missing. Try again with document data populated"};
    return family;
}

const ApiFamily &ApiFamily::rows()
{
    static const ApiFamily family{true,
                                  "tableId",
                                  "rowId",
                                  "$tableId",
                                  "rows",
                                  "columns",
                                  "rowSecurity",
                                  "row",
                                  "table",
                                  "column",
                                  "The row data is missing. Try again with row data populated."};
    return family;
}

QString ApiFamily::type(const char *suffix) const
{
    return QString::fromLatin1(record) + QLatin1Char('_') + QLatin1String(suffix);
}

QString ApiFamily::parentType(const char *suffix) const
{
    return QString::fromLatin1(parent) + QLatin1Char('_') + QLatin1String(suffix);
}

QString ApiFamily::fieldType(const char *suffix) const
{
    return QString::fromLatin1(field) + QLatin1Char('_') + QLatin1String(suffix);
}

QString ApiFamily::capitalized(const char *word)
{
    QString s = QString::fromLatin1(word);
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

} // namespace sandbox
