#include "FaultRule.h"

#include <QStringList>

namespace sandbox {

bool FaultRule::isKnownKind(const QString &kind)
{
    static const QStringList kinds = {
        QStringLiteral("latency"), QStringLiteral("error"),     QStringLiteral("rate_limit"),
        QStringLiteral("drop"),    QStringLiteral("malformed"), QStringLiteral("truncated"),
        QStringLiteral("html"),    QStringLiteral("hang"),      QStringLiteral("redirect")};
    return kinds.contains(kind);
}

bool FaultRule::fromJson(const QJsonObject &o, FaultRule *rule, QString *error)
{
    FaultRule r;
    r.api = o.value(QStringLiteral("api")).toString(r.api);
    r.kind = o.value(QStringLiteral("kind")).toString();
    r.probability = o.value(QStringLiteral("probability")).toDouble(1.0);
    r.count = o.value(QStringLiteral("count")).toInt(-1);
    r.method = o.value(QStringLiteral("method")).toString().toUpper();
    r.path = o.value(QStringLiteral("path")).toString();
    const int defaultStatus = r.kind == QLatin1String("html")       ? 502
                              : r.kind == QLatin1String("redirect") ? 302
                                                                    : 503;
    r.status = o.value(QStringLiteral("status")).toInt(defaultStatus);
    r.location = o.value(QStringLiteral("location")).toString();
    r.latencyMs = o.value(QStringLiteral("latencyMs")).toInt(o.value(QStringLiteral("ms")).toInt(0));
    r.jitterMs = o.value(QStringLiteral("jitterMs")).toInt(0);
    r.retryAfter = o.value(QStringLiteral("retryAfter")).toInt(1);
    if (r.api != QLatin1String("appwrite") && r.api != QLatin1String("graphy")) {
        *error = QStringLiteral("api must be \"appwrite\" or \"graphy\"");
        return false;
    }
    if (!isKnownKind(r.kind)) {
        *error = QStringLiteral("unknown fault kind \"%1\"").arg(r.kind);
        return false;
    }
    if (r.probability < 0 || r.probability > 1) {
        *error = QStringLiteral("probability must be within 0..1");
        return false;
    }
    if ((r.kind == QLatin1String("error") || r.kind == QLatin1String("html")) &&
        (r.status < 400 || r.status > 599)) {
        *error = QStringLiteral("%1 status must be 4xx or 5xx").arg(r.kind);
        return false;
    }
    if (r.kind == QLatin1String("redirect") && (r.status < 300 || r.status > 399)) {
        *error = QStringLiteral("redirect status must be 3xx");
        return false;
    }
    *rule = r;
    return true;
}

bool FaultRule::fromSpec(const QString &spec, FaultRule *rule, QString *error)
{
    const QStringList parts = spec.split(QLatin1Char(':'));
    if (parts.size() < 2) {
        *error = QStringLiteral("fault spec must be api:kind[:probability[:count[:param]]]: ") + spec;
        return false;
    }
    QJsonObject o{{QStringLiteral("api"), parts[0]}, {QStringLiteral("kind"), parts[1]}};
    if (parts.size() > 2)
        o.insert(QStringLiteral("probability"), parts[2].toDouble());
    if (parts.size() > 3)
        o.insert(QStringLiteral("count"), parts[3].toInt());
    if (parts.size() > 4) {
        const int param = parts[4].toInt();
        if (parts[1] == QLatin1String("error"))
            o.insert(QStringLiteral("status"), param);
        else if (parts[1] == QLatin1String("rate_limit"))
            o.insert(QStringLiteral("retryAfter"), param);
        else if (parts[1] == QLatin1String("latency"))
            o.insert(QStringLiteral("latencyMs"), param);
    }
    return fromJson(o, rule, error);
}

bool FaultRule::fromLatencySpec(const QString &spec, FaultRule *rule, QString *error)
{
    const QStringList parts = spec.split(QLatin1Char(':'));
    if (parts.size() < 2) {
        *error = QStringLiteral("latency spec must be api:ms[:jitter]: ") + spec;
        return false;
    }
    QJsonObject o{{QStringLiteral("api"), parts[0]},
                  {QStringLiteral("kind"), QStringLiteral("latency")},
                  {QStringLiteral("latencyMs"), parts[1].toInt()}};
    if (parts.size() > 2)
        o.insert(QStringLiteral("jitterMs"), parts[2].toInt());
    return fromJson(o, rule, error);
}

QJsonObject FaultRule::toJson() const
{
    QJsonObject o{{QStringLiteral("api"), api},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("probability"), probability},
                  {QStringLiteral("count"), count},
                  {QStringLiteral("method"), method},
                  {QStringLiteral("path"), path}};
    if (kind == QLatin1String("error") || kind == QLatin1String("html") || kind == QLatin1String("redirect"))
        o.insert(QStringLiteral("status"), status);
    if (kind == QLatin1String("redirect"))
        o.insert(QStringLiteral("location"), location);
    if (kind == QLatin1String("latency")) {
        o.insert(QStringLiteral("latencyMs"), latencyMs);
        o.insert(QStringLiteral("jitterMs"), jitterMs);
    }
    if (kind == QLatin1String("rate_limit"))
        o.insert(QStringLiteral("retryAfter"), retryAfter);
    return o;
}

} // namespace sandbox
