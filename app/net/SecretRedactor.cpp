#include "SecretRedactor.h"

#include <QReadWriteLock>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

namespace cc {

namespace {
QReadWriteLock &lock()
{
    static QReadWriteLock l;
    return l;
}
QSet<QString> &secrets()
{
    static QSet<QString> s;
    return s;
}
// Query parameters that carry secrets, and their percent-encoded forms in raw URLs.
const QRegularExpression &urlKeyPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(([?&](?:key|apiKey|api_key)=)[^&#\s"']*)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}
const QRegularExpression &headerPattern()
{
    static const QRegularExpression re(QStringLiteral(R"((X-Appwrite-Key\s*[:=]\s*)\S+)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}
} // namespace

void SecretRedactor::registerSecret(const QString &secret)
{
    if (secret.size() < 4)
        return;
    QWriteLocker locker(&lock());
    secrets().insert(secret);
    // The percent-encoded form can appear in URLs.
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
    if (encoded != secret)
        secrets().insert(encoded);
}

QString SecretRedactor::redact(const QString &text)
{
    QString out = text;
    {
        QReadLocker locker(&lock());
        for (const QString &secret : secrets())
            out.replace(secret, QLatin1String(kMask));
    }
    out.replace(urlKeyPattern(), QStringLiteral("\\1") + QLatin1String(kMask));
    out.replace(headerPattern(), QStringLiteral("\\1") + QLatin1String(kMask));
    return out;
}

QString SecretRedactor::redactUrl(const QUrl &url)
{
    QUrl copy = url;
    copy.setUserInfo(QString());
    QUrlQuery query(copy);
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[name, value] : items) {
        Q_UNUSED(value);
        const QString lower = name.toLower();
        if (lower == QLatin1String("key") || lower == QLatin1String("apikey") ||
            lower == QLatin1String("api_key")) {
            query.removeAllQueryItems(name);
            query.addQueryItem(name, QLatin1String(kMask));
        }
    }
    copy.setQuery(query);
    return redact(copy.toString());
}

bool SecretRedactor::isSecretHeader(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower == "x-appwrite-key" || lower == "authorization" || lower == "cookie" ||
           lower == "x-appwrite-session" || lower == "x-appwrite-jwt";
}

} // namespace cc
