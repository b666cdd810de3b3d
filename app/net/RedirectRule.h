#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace cc {

// Which redirects a service call follows (docs/ARCHITECTURE.md §6, step 6): only a read, only to the
// configured scheme, host and port (the key goes with the request), and only a few hops. A write is
// never re-sent: the caller would take the redirect's answer for "written". Pure, no network.
class RedirectRule
{
public:
    static constexpr int kMaxHops = 5;

    static bool isRead(const QByteArray &method);
    // Same scheme, host (case-insensitive) and port, with the scheme's default port filled in.
    static bool sameOrigin(const QUrl &a, const QUrl &b);
    // Whether a call to `configured` may go on to `target`, having followed `hopsSoFar` already.
    static bool mayFollow(const QByteArray &method, const QUrl &configured, const QUrl &target,
                          int hopsSoFar);
    // Why a redirect answered with `status` was not followed, for the operator: the target (with
    // secrets redacted) and what to change. An empty target is a redirect without a Location.
    static QString refusal(const QString &service, const QByteArray &method, const QUrl &configured,
                           const QUrl &target, int status);
    // "the Appwrite endpoint", "the Graphy endpoint"
    static QString endpointName(const QString &service);
};

} // namespace cc
