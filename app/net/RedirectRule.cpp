#include "RedirectRule.h"

#include "SecretRedactor.h"

namespace cc {

namespace {
int defaultPort(const QUrl &url)
{
    return url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
}
} // namespace

bool RedirectRule::isRead(const QByteArray &method)
{
    return method == "GET" || method == "HEAD";
}

bool RedirectRule::sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           defaultPort(a) == defaultPort(b);
}

bool RedirectRule::mayFollow(const QByteArray &method, const QUrl &configured, const QUrl &target,
                             int hopsSoFar)
{
    return isRead(method) && sameOrigin(target, configured) && hopsSoFar < kMaxHops;
}

QString RedirectRule::refusal(const QString &service, const QByteArray &method, const QUrl &configured,
                              const QUrl &target, int status)
{
    const QString endpoint = endpointName(service);
    if (target.isEmpty())
        return QStringLiteral("%1 answered HTTP %2 without saying where to: check the endpoint")
            .arg(endpoint)
            .arg(status);
    const QString where = SecretRedactor::redact(target.toString(QUrl::RemoveUserInfo));
    if (!sameOrigin(target, configured))
        return QStringLiteral("%1 redirects to %2, another host or scheme, which is never sent the key: "
                              "update the endpoint")
            .arg(endpoint, where);
    if (!isRead(method))
        return QStringLiteral("%1 redirects this %2 to %3; a write is never re-sent to a redirect: update "
                              "the endpoint")
            .arg(endpoint, QString::fromLatin1(method), where);
    return QStringLiteral("%1 redirects more than %2 times (last to %3): check the endpoint")
        .arg(endpoint)
        .arg(kMaxHops)
        .arg(where);
}

QString RedirectRule::endpointName(const QString &service)
{
    if (service.isEmpty())
        return QStringLiteral("the endpoint");
    const QString name = service == QLatin1String("appwrite") ? QStringLiteral("Appwrite")
                         : service == QLatin1String("graphy") ? QStringLiteral("Graphy")
                                                              : service;
    return QStringLiteral("the %1 endpoint").arg(name);
}

} // namespace cc
