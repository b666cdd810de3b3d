#include "HttpRequest.h"

#include <map>

namespace sandbox {

QByteArray HttpRequest::header(const QByteArray &lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

bool HttpRequest::hasQuery(const QString &name) const
{
    for (const auto &q : query) {
        if (q.first == name)
            return true;
    }
    return false;
}

QString HttpRequest::queryValue(const QString &name) const
{
    for (const auto &q : query) {
        if (q.first == name)
            return q.second;
    }
    return {};
}

QStringList HttpRequest::queryArray(const QString &name) const
{
    QStringList appended;
    std::map<long long, QString> indexed;
    const QString bracket = name + QLatin1Char('[');
    for (const auto &q : query) {
        if (q.first == name) {
            appended << q.second;
        } else if (q.first.startsWith(bracket) && q.first.endsWith(QLatin1Char(']'))) {
            const QStringView inner =
                QStringView(q.first).mid(bracket.size(), q.first.size() - bracket.size() - 1);
            if (inner.isEmpty()) {
                appended << q.second;
            } else {
                bool ok = false;
                const long long index = inner.toLongLong(&ok);
                if (ok)
                    indexed[index] = q.second;
            }
        }
    }
    QStringList result;
    for (const auto &entry : indexed)
        result << entry.second;
    return result + appended;
}

QList<QPair<QString, QString>> HttpRequest::formFields() const
{
    if (!header("content-type").toLower().startsWith("application/x-www-form-urlencoded"))
        return {};
    return parseUrlEncoded(body);
}

QList<QPair<QString, QString>> HttpRequest::parseUrlEncoded(const QByteArray &text)
{
    QList<QPair<QString, QString>> out;
    for (const QByteArray &part : text.split('&')) {
        if (part.isEmpty())
            continue;
        const int eq = part.indexOf('=');
        const QByteArray key = eq < 0 ? part : part.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        out.append({percentDecode(key, true), percentDecode(value, true)});
    }
    return out;
}

static int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

QString HttpRequest::percentDecode(const QByteArray &text, bool plusIsSpace)
{
    QByteArray bytes;
    bytes.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '%' && i + 2 < text.size()) {
            const int hi = hexValue(text.at(i + 1));
            const int lo = hexValue(text.at(i + 2));
            if (hi >= 0 && lo >= 0) {
                bytes.append(char(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        bytes.append(plusIsSpace && c == '+' ? ' ' : c);
    }
    return QString::fromUtf8(bytes);
}

} // namespace sandbox
