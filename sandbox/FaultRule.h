#pragma once

#include <QJsonObject>
#include <QString>

namespace sandbox {

// One fault-injection rule: which requests (api, method, path substring), how often
// (probability, count) and what goes wrong (kind and its parameters).
struct FaultRule
{
    QString api = QStringLiteral("appwrite"); // appwrite | graphy
    QString kind; // latency | error | rate_limit | drop | malformed | truncated | html | hang | redirect
    double probability = 1.0;
    int count = -1;   // remaining applications; -1 = unlimited
    QString method;   // empty = any
    QString path;     // substring of the request path; empty = any; a trailing '$' anchors it at the end
    int status = 503; // error, html (default 502), redirect (default 302)
    // redirect: where to, as a URL prefix; the request's own target (path and query) is appended,
    // as a moved deployment or a gateway would. Empty: a 3xx without a Location header.
    QString location;
    int latencyMs = 0;  // latency
    int jitterMs = 0;   // latency: uniform 0..jitter added
    int retryAfter = 1; // rate_limit: seconds

    static bool fromJson(const QJsonObject &object, FaultRule *rule, QString *error);
    // Command-line form "api:kind[:probability[:count[:param]]]"; param is the status (error),
    // the Retry-After seconds (rate_limit) or the latency ms (latency).
    static bool fromSpec(const QString &spec, FaultRule *rule, QString *error);
    // "--latency api:ms[:jitter]"
    static bool fromLatencySpec(const QString &spec, FaultRule *rule, QString *error);
    QJsonObject toJson() const;
    static bool isKnownKind(const QString &kind);
};

} // namespace sandbox
