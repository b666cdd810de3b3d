#pragma once

#include "Collection.h"

#include <QList>
#include <QStringList>
#include <vector>

namespace sandbox {

// Appwrite JSON queries (`{"method","attribute","values"}`) parsed against a collection's schema,
// and their execution: filter, order (NULLs first, ties broken by $sequence), cursor, offset, limit.
class DocumentQuery
{
public:
    struct Filter
    {
        enum class Op { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, IsNull, IsNotNull, And, Or };
        Op op = Op::Equal;
        int slot = 0;
        QList<FieldValue> values;
        QList<Filter> children;
    };
    struct Order
    {
        int slot = SlotSequence;
        bool ascending = true;
    };
    enum class Error { None, QueryInvalid, CursorNotFound, OrderNull };
    struct Result
    {
        Error error = Error::None;
        QString message;
        int total = 0;
        std::vector<const Document *> documents;
    };

    // Parses the `queries[]` strings. On failure returns false with an "Invalid query: …" message.
    bool parse(const QStringList &queries, const Collection &collection, qint64 now, QString *message);
    // Executes the parsed query. `countTotal` false skips counting (Appwrite's total=false).
    Result execute(const Collection &collection, bool countTotal) const;

    const QStringList &select() const { return m_select; }
    bool onlySelectAllowed() const { return m_filters.isEmpty() && m_orders.isEmpty() && !m_hasCursor; }

    static constexpr int kDefaultLimit = 25;
    static constexpr int kMaxCount = 5000; // APP_LIMIT_COUNT

private:
    bool parseOne(const QJsonObject &object, const Collection &collection, qint64 now, bool nested,
                  QString *message);
    bool parseFilter(const QString &method, const QJsonObject &object, const Collection &collection,
                     qint64 now, Filter *filter, QString *message);
    static bool matches(const Filter &filter, const Document &document);
    int compareRows(const Document &a, const Document &b) const;

    QList<Filter> m_filters;
    QList<Order> m_orders;
    QStringList m_select;
    int m_limit = kDefaultLimit;
    int m_offset = 0;
    bool m_hasCursor = false;
    bool m_cursorAfter = true;
    QString m_cursor;
};

} // namespace sandbox
