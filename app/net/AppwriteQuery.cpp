#include "AppwriteQuery.h"

#include <cmath>

namespace cc {

namespace {
// JSON.stringify's string escaping: quote, backslash and control characters only.
QString jsonString(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += QLatin1Char('"');
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\b':
            out += QLatin1String("\\b");
            break;
        case '\f':
            out += QLatin1String("\\f");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        default:
            if (c.unicode() < 0x20)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    out += QLatin1Char('"');
    return out;
}

QString jsonScalar(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.007199254740992e15)
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::String:
        return jsonString(value.toString());
    default:
        return QStringLiteral("null");
    }
}
} // namespace

AppwriteQuery::AppwriteQuery(QString method, QString attribute, QList<QJsonValue> values, bool hasValues)
    : m_method(std::move(method)), m_attribute(std::move(attribute)), m_values(std::move(values)),
      m_hasValues(hasValues)
{}

AppwriteQuery AppwriteQuery::equal(const QString &a, const QJsonValue &v)
{
    return {QStringLiteral("equal"), a, {v}};
}
AppwriteQuery AppwriteQuery::equalAny(const QString &a, const QList<QJsonValue> &v)
{
    return {QStringLiteral("equal"), a, v};
}
AppwriteQuery AppwriteQuery::notEqual(const QString &a, const QJsonValue &v)
{
    return {QStringLiteral("notEqual"), a, {v}};
}
AppwriteQuery AppwriteQuery::lessThan(const QString &a, const QJsonValue &v)
{
    return {QStringLiteral("lessThan"), a, {v}};
}
AppwriteQuery AppwriteQuery::lessThanEqual(const QString &a, const QJsonValue &v)
{
    return {QStringLiteral("lessThanEqual"), a, {v}};
}
AppwriteQuery AppwriteQuery::greaterThan(const QString &a, const QJsonValue &v)
{
    return {QStringLiteral("greaterThan"), a, {v}};
}
AppwriteQuery AppwriteQuery::greaterThanEqual(const QString &a, const QJsonValue &v)
{
    return {QStringLiteral("greaterThanEqual"), a, {v}};
}
AppwriteQuery AppwriteQuery::isNull(const QString &a)
{
    return {QStringLiteral("isNull"), a, {}, false};
}
AppwriteQuery AppwriteQuery::isNotNull(const QString &a)
{
    return {QStringLiteral("isNotNull"), a, {}, false};
}
AppwriteQuery AppwriteQuery::orderAsc(const QString &a)
{
    return {QStringLiteral("orderAsc"), a, {}, false};
}
AppwriteQuery AppwriteQuery::orderDesc(const QString &a)
{
    return {QStringLiteral("orderDesc"), a, {}, false};
}
AppwriteQuery AppwriteQuery::limit(int count)
{
    return {QStringLiteral("limit"), {}, {QJsonValue(count)}};
}
AppwriteQuery AppwriteQuery::offset(int count)
{
    return {QStringLiteral("offset"), {}, {QJsonValue(count)}};
}
AppwriteQuery AppwriteQuery::cursorAfter(const QString &id)
{
    return {QStringLiteral("cursorAfter"), {}, {QJsonValue(id)}};
}
AppwriteQuery AppwriteQuery::cursorBefore(const QString &id)
{
    return {QStringLiteral("cursorBefore"), {}, {QJsonValue(id)}};
}

AppwriteQuery AppwriteQuery::select(const QStringList &attributes)
{
    QList<QJsonValue> values;
    for (const QString &a : attributes)
        values.append(QJsonValue(a));
    return {QStringLiteral("select"), {}, values};
}

AppwriteQuery AppwriteQuery::andOf(const QList<AppwriteQuery> &queries)
{
    AppwriteQuery q(QStringLiteral("and"), {}, {});
    q.m_nested = queries;
    return q;
}

AppwriteQuery AppwriteQuery::orOf(const QList<AppwriteQuery> &queries)
{
    AppwriteQuery q(QStringLiteral("or"), {}, {});
    q.m_nested = queries;
    return q;
}

QString AppwriteQuery::toJson() const
{
    QString out = QStringLiteral("{\"method\":") + jsonString(m_method);
    if (!m_attribute.isEmpty())
        out += QStringLiteral(",\"attribute\":") + jsonString(m_attribute);
    if (m_hasValues) {
        out += QStringLiteral(",\"values\":[");
        bool first = true;
        for (const AppwriteQuery &nested : m_nested) {
            out += first ? QString() : QStringLiteral(",");
            out += nested.toJson();
            first = false;
        }
        for (const QJsonValue &value : m_values) {
            out += first ? QString() : QStringLiteral(",");
            out += jsonScalar(value);
            first = false;
        }
        out += QLatin1Char(']');
    }
    out += QLatin1Char('}');
    return out;
}

QString AppwriteQuery::toString() const
{
    return toJson();
}

} // namespace cc
