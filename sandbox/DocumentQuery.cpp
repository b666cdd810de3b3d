#include "DocumentQuery.h"

#include "IsoTime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

namespace sandbox {

namespace {
const QString kInvalid = QStringLiteral("Invalid query: ");

bool toFieldValue(const SchemaItem *attribute, int slot, const QJsonValue &v, FieldValue *out)
{
    QString type = attribute ? attribute->type : QString();
    if (attribute && attribute->isText())
        type = QStringLiteral("string");
    if (slot == SlotId)
        type = QStringLiteral("string");
    else if (slot == SlotCreatedAt || slot == SlotUpdatedAt)
        type = QStringLiteral("datetime");
    else if (slot == SlotSequence)
        type = QStringLiteral("integer");
    if (type == QLatin1String("string")) {
        if (!v.isString())
            return false;
        *out = FieldValue::ofString(v.toString());
    } else if (type == QLatin1String("datetime")) {
        qint64 ms = 0;
        if (!v.isString() || !IsoTime::parse(v.toString(), &ms))
            return false;
        *out = FieldValue::ofDateTime(ms);
    } else if (type == QLatin1String("integer")) {
        // $sequence may arrive as a string (it is a string in newer response models).
        bool ok = v.isDouble();
        const double d = v.isString() ? v.toString().toDouble(&ok) : v.toDouble();
        if (!ok || std::floor(d) != d)
            return false;
        *out = FieldValue::ofInteger(qint64(d));
    } else if (type == QLatin1String("boolean")) {
        if (!v.isBool())
            return false;
        *out = FieldValue::ofBool(v.toBool());
    } else {
        if (!v.isDouble())
            return false;
        *out = FieldValue::ofFloat(v.toDouble());
    }
    return true;
}
} // namespace

bool DocumentQuery::parse(const QStringList &queries, const Collection &collection, qint64 now,
                          QString *message)
{
    if (queries.size() > 100) {
        *message =
            QStringLiteral("Invalid `queries` param: Value must a valid array no longer than 100 items");
        return false;
    }
    for (const QString &text : queries) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            *message = kInvalid + QStringLiteral("Syntax error");
            return false;
        }
        if (!parseOne(doc.object(), collection, now, false, message))
            return false;
    }
    return true;
}

bool DocumentQuery::parseOne(const QJsonObject &object, const Collection &collection, qint64 now, bool nested,
                             QString *message)
{
    const QString method = object.value(QStringLiteral("method")).toString();
    const QJsonValue attributeValue = object.value(QStringLiteral("attribute"));
    const QJsonValue valuesValue = object.value(QStringLiteral("values"));
    if ((!attributeValue.isUndefined() && !attributeValue.isString()) ||
        (!valuesValue.isUndefined() && !valuesValue.isArray())) {
        *message = kInvalid + QStringLiteral("Invalid query");
        return false;
    }
    const QString attribute = attributeValue.toString();
    const QJsonArray values = valuesValue.toArray();
    static const QStringList filterMethods = {
        QStringLiteral("equal"),       QStringLiteral("notEqual"),
        QStringLiteral("lessThan"),    QStringLiteral("lessThanEqual"),
        QStringLiteral("greaterThan"), QStringLiteral("greaterThanEqual"),
        QStringLiteral("isNull"),      QStringLiteral("isNotNull"),
        QStringLiteral("and"),         QStringLiteral("or")};
    if (filterMethods.contains(method)) {
        Filter filter;
        if (!parseFilter(method, object, collection, now, &filter, message))
            return false;
        m_filters.append(filter);
        return true;
    }
    if (nested) {
        *message = kInvalid + QStringLiteral("Invalid query method: ") + method;
        return false;
    }
    if (method == QLatin1String("orderAsc") || method == QLatin1String("orderDesc")) {
        Order order;
        order.ascending = method == QLatin1String("orderAsc");
        order.slot = attribute.isEmpty() ? int(SlotSequence) : collection.slotOf(attribute, now);
        if (order.slot == Collection::kUnknownSlot) {
            *message = kInvalid + QStringLiteral("Attribute not found in schema: ") + attribute;
            return false;
        }
        m_orders.append(order);
    } else if (method == QLatin1String("limit") || method == QLatin1String("offset")) {
        const QJsonValue v = values.at(0);
        const bool isLimit = method == QLatin1String("limit");
        if (values.size() != 1 || !v.isDouble() || std::floor(v.toDouble()) != v.toDouble() ||
            v.toDouble() < (isLimit ? 1 : 0)) {
            *message =
                kInvalid + (isLimit ? QStringLiteral("Invalid limit: Value must be a valid range between 1 "
                                                     "and 9,223,372,036,854,775,807")
                                    : QStringLiteral("Invalid offset: Value must be a valid range between 0 "
                                                     "and 9,223,372,036,854,775,807"));
            return false;
        }
        const double d = std::min(v.toDouble(), 2.0e9);
        (isLimit ? m_limit : m_offset) = int(d);
    } else if (method == QLatin1String("cursorAfter") || method == QLatin1String("cursorBefore")) {
        if (values.size() != 1 || !values.at(0).isString()) {
            *message =
                kInvalid + QStringLiteral("Invalid cursor: Cursor must contain at most 36 chars. Valid chars "
                                          "are a-z, A-Z, 0-9, and underscore. Can't start with a leading "
                                          "underscore");
            return false;
        }
        m_hasCursor = true;
        m_cursorAfter = method == QLatin1String("cursorAfter");
        m_cursor = values.at(0).toString();
    } else if (method == QLatin1String("select")) {
        for (const QJsonValue &v : values) {
            const QString key = v.toString();
            if (!v.isString() ||
                (key != QLatin1String("*") && collection.slotOf(key, now) == Collection::kUnknownSlot &&
                 !key.startsWith(QLatin1Char('$')))) {
                *message = kInvalid + QStringLiteral("Attribute not found in schema: ") + key;
                return false;
            }
            m_select << key;
        }
    } else {
        *message = kInvalid + QStringLiteral("Invalid query method: ") + method;
        return false;
    }
    return true;
}

bool DocumentQuery::parseFilter(const QString &method, const QJsonObject &object,
                                const Collection &collection, qint64 now, Filter *filter, QString *message)
{
    const QJsonArray values = object.value(QStringLiteral("values")).toArray();
    if (method == QLatin1String("and") || method == QLatin1String("or")) {
        filter->op = method == QLatin1String("and") ? Filter::Op::And : Filter::Op::Or;
        if (values.size() < 2) {
            *message =
                kInvalid +
                QStringLiteral("%1 queries require at least two queries").arg(method == "and" ? "And" : "Or");
            return false;
        }
        for (const QJsonValue &v : values) {
            Filter child;
            const QJsonObject childObject = v.toObject();
            const QString childMethod = childObject.value(QStringLiteral("method")).toString();
            if (!v.isObject()) {
                *message = kInvalid + QStringLiteral("Invalid query");
                return false;
            }
            static const QStringList structural = {
                QStringLiteral("orderAsc"), QStringLiteral("orderDesc"),   QStringLiteral("limit"),
                QStringLiteral("offset"),   QStringLiteral("cursorAfter"), QStringLiteral("cursorBefore"),
                QStringLiteral("select")};
            if (structural.contains(childMethod)) {
                *message = kInvalid + QStringLiteral("Invalid query method: ") + childMethod;
                return false;
            }
            DocumentQuery scratch;
            if (!scratch.parseOne(childObject, collection, now, true, message))
                return false;
            filter->children.append(scratch.m_filters.value(0));
        }
        return true;
    }
    static const QHash<QString, Filter::Op> ops = {
        {QStringLiteral("equal"), Filter::Op::Equal},
        {QStringLiteral("notEqual"), Filter::Op::NotEqual},
        {QStringLiteral("lessThan"), Filter::Op::Less},
        {QStringLiteral("lessThanEqual"), Filter::Op::LessEqual},
        {QStringLiteral("greaterThan"), Filter::Op::Greater},
        {QStringLiteral("greaterThanEqual"), Filter::Op::GreaterEqual},
        {QStringLiteral("isNull"), Filter::Op::IsNull},
        {QStringLiteral("isNotNull"), Filter::Op::IsNotNull}};
    filter->op = ops.value(method);
    const QString attribute = object.value(QStringLiteral("attribute")).toString();
    filter->slot = collection.slotOf(attribute, now);
    if (filter->slot == Collection::kUnknownSlot) {
        *message = kInvalid + QStringLiteral("Attribute not found in schema: ") + attribute;
        return false;
    }
    if (filter->op == Filter::Op::IsNull || filter->op == Filter::Op::IsNotNull)
        return true;
    const bool single = filter->op != Filter::Op::Equal && filter->op != Filter::Op::NotEqual;
    if (values.isEmpty() || (single && values.size() != 1) || values.size() > 500) {
        *message = kInvalid + QStringLiteral("%1 queries require exactly one value.").arg(method);
        if (values.isEmpty())
            *message = kInvalid + QStringLiteral("%1 queries require at least one value.").arg(method);
        return false;
    }
    for (const QJsonValue &v : values) {
        FieldValue value;
        if (!toFieldValue(collection.attributeAt(filter->slot), filter->slot, v, &value)) {
            *message =
                kInvalid + QStringLiteral("Query value is invalid for attribute \"%1\"").arg(attribute);
            return false;
        }
        filter->values.append(value);
    }
    return true;
}

bool DocumentQuery::matches(const Filter &filter, const Document &document)
{
    switch (filter.op) {
    case Filter::Op::And:
        return std::all_of(filter.children.begin(), filter.children.end(),
                           [&](const Filter &f) { return matches(f, document); });
    case Filter::Op::Or:
        return std::any_of(filter.children.begin(), filter.children.end(),
                           [&](const Filter &f) { return matches(f, document); });
    default:
        break;
    }
    const FieldValue &v = document.field(filter.slot);
    if (filter.op == Filter::Op::IsNull)
        return v.isNull();
    if (filter.op == Filter::Op::IsNotNull)
        return !v.isNull();
    if (v.isNull())
        return false; // SQL: comparisons with NULL are never true
    if (filter.op == Filter::Op::Equal) {
        for (const FieldValue &q : filter.values) {
            if (FieldValue::compare(v, q) == 0)
                return true;
        }
        return false;
    }
    if (filter.op == Filter::Op::NotEqual) {
        for (const FieldValue &q : filter.values) {
            if (FieldValue::compare(v, q) == 0)
                return false;
        }
        return true;
    }
    const int c = FieldValue::compare(v, filter.values.first());
    switch (filter.op) {
    case Filter::Op::Less:
        return c < 0;
    case Filter::Op::LessEqual:
        return c <= 0;
    case Filter::Op::Greater:
        return c > 0;
    case Filter::Op::GreaterEqual:
        return c >= 0;
    default:
        return false;
    }
}

int DocumentQuery::compareRows(const Document &a, const Document &b) const
{
    for (const Order &order : m_orders) {
        const int c = FieldValue::compare(a.field(order.slot), b.field(order.slot));
        if (c != 0)
            return order.ascending ? c : -c;
    }
    return a.sequence() < b.sequence() ? -1 : (a.sequence() > b.sequence() ? 1 : 0);
}

DocumentQuery::Result DocumentQuery::execute(const Collection &collection, bool countTotal) const
{
    Result result;
    const Document *cursor = nullptr;
    if (m_hasCursor) {
        cursor = collection.find(m_cursor);
        if (!cursor) {
            result.error = Error::CursorNotFound;
            result.message = QStringLiteral("Document '%1' for the 'cursor' value not found.").arg(m_cursor);
            return result;
        }
        for (const Order &order : m_orders) {
            if (cursor->field(order.slot).isNull()) {
                result.error = Error::OrderNull;
                result.message =
                    QStringLiteral("Order attribute '%1' is empty. Cursor pagination requires all "
                                   "documents order attribute values are non-empty.")
                        .arg(collection.attributeAt(order.slot) ? collection.attributeAt(order.slot)->key
                                                                : QStringLiteral("$sequence"));
                return result;
            }
        }
    }
    // Work on pointers only: no document is copied, whatever the collection size.
    std::vector<const Document *> rows;
    const bool unordered = m_orders.isEmpty();
    const size_t wanted = size_t(m_offset) + size_t(m_limit);
    int matched = 0;
    for (const auto &doc : collection.documents()) {
        bool ok = true;
        for (const Filter &f : m_filters) {
            if (!matches(f, *doc)) {
                ok = false;
                break;
            }
        }
        if (!ok)
            continue;
        ++matched;
        if (cursor) {
            const int c = compareRows(*doc, *cursor);
            if (m_cursorAfter ? c <= 0 : c >= 0)
                continue;
        }
        // Unordered + cursorAfter/no cursor: $sequence order is storage order, so stop collecting early.
        if (unordered && m_cursorAfter && rows.size() >= wanted) {
            if (!countTotal || matched > kMaxCount)
                break;
            continue;
        }
        rows.push_back(doc.get());
    }
    result.total = countTotal ? std::min(matched, kMaxCount) : 0;
    auto less = [this](const Document *a, const Document *b) { return compareRows(*a, *b) < 0; };
    auto greater = [this](const Document *a, const Document *b) { return compareRows(*a, *b) > 0; };
    if (m_cursorAfter) {
        const size_t k = std::min(wanted, rows.size());
        if (!unordered)
            std::partial_sort(rows.begin(), rows.begin() + qsizetype(k), rows.end(), less);
        for (size_t i = size_t(m_offset); i < k; ++i)
            result.documents.push_back(rows[i]);
    } else {
        // cursorBefore: the rows nearest before the cursor, still returned in the requested order.
        const size_t k = std::min(wanted, rows.size());
        std::partial_sort(rows.begin(), rows.begin() + qsizetype(k), rows.end(), greater);
        for (size_t i = k; i > size_t(m_offset); --i)
            result.documents.push_back(rows[i - 1]);
    }
    return result;
}

} // namespace sandbox
