#include "FaultInjector.h"

#include "AppwriteError.h"
#include "IsoTime.h"

namespace sandbox {

void FaultInjector::reset(quint32 seed)
{
    m_rules.clear();
    m_random.seed(seed);
}

QJsonArray FaultInjector::toJson() const
{
    QJsonArray out;
    for (const FaultRule &r : m_rules)
        out.append(r.toJson());
    return out;
}

bool FaultInjector::matches(const FaultRule &rule, Api api, const HttpRequest &request) const
{
    if (rule.count == 0)
        return false;
    if ((api == Api::Appwrite) != (rule.api == QLatin1String("appwrite")))
        return false;
    if (!rule.method.isEmpty() && rule.method.toLatin1() != request.method)
        return false;
    if (rule.path.endsWith(QLatin1Char('$'))) // "…/documents$": the listing, not one document
        return request.path.endsWith(QStringView(rule.path).chopped(1));
    return rule.path.isEmpty() || request.path.contains(rule.path);
}

bool FaultInjector::apply(Api api, const HttpRequest &request, HttpResponse *response, int *delayMs)
{
    for (FaultRule &rule : m_rules) {
        if (!matches(rule, api, request))
            continue;
        if (rule.probability < 1.0 && m_random.generateDouble() >= rule.probability)
            continue;
        if (rule.count > 0)
            --rule.count;
        if (rule.kind == QLatin1String("latency")) {
            *delayMs += rule.latencyMs + (rule.jitterMs > 0 ? int(m_random.bounded(rule.jitterMs + 1)) : 0);
            continue;
        }
        *response = build(rule, api, request);
        return true;
    }
    return false;
}

HttpResponse FaultInjector::build(const FaultRule &rule, Api api, const HttpRequest &request)
{
    const bool appwrite = api == Api::Appwrite;
    HttpResponse r;
    if (rule.kind == QLatin1String("error")) {
        if (appwrite)
            return AppwriteError::serverError(rule.status);
        return HttpResponse::json(
            rule.status,
            QJsonObject{{QStringLiteral("error"),
                         QJsonObject{{QStringLiteral("code"), rule.status},
                                     {QStringLiteral("message"),
                                      QString::fromLatin1(HttpResponse::reasonPhrase(rule.status))}}}});
    }
    if (rule.kind == QLatin1String("rate_limit")) {
        r = appwrite ? AppwriteError::rateLimited()
                     : HttpResponse::json(429, QJsonObject{{QStringLiteral("message"),
                                                            QStringLiteral("Too Many Requests")}});
        r.setHeader("Retry-After", QByteArray::number(rule.retryAfter));
        if (appwrite) {
            r.setHeader("X-RateLimit-Limit", "120");
            r.setHeader("X-RateLimit-Remaining", "0");
            r.setHeader("X-RateLimit-Reset", QByteArray::number(IsoTime::nowMs() / 1000 + rule.retryAfter));
        }
        return r;
    }
    if (rule.kind == QLatin1String("html")) {
        // A gateway's page, not the service's JSON: nginx in front of a service that is deploying.
        const QByteArray line =
            QByteArray::number(rule.status) + ' ' + HttpResponse::reasonPhrase(rule.status);
        return HttpResponse::html(rule.status, "<html>\r\n<head><title>" + line +
                                                   "</title></head>\r\n<body>\r\n"
                                                   "<center><h1>" +
                                                   line +
                                                   "</h1></center>\r\n<hr><center>nginx</center>\r\n"
                                                   "</body>\r\n</html>\r\n");
    }
    if (rule.kind == QLatin1String("redirect")) {
        r = HttpResponse::html(rule.status, "<html><body>Moved</body></html>\r\n");
        if (!rule.location.isEmpty())
            r.setHeader("Location", rule.location.toUtf8() + request.target);
        return r;
    }
    if (rule.kind == QLatin1String("malformed")) {
        r.status = 200;
        r.body = appwrite
                     ? QByteArray("{\"total\":1,\"documents\":[{\"$id\":\"6740f1c2000a1b2c3d4e\",\"status\":")
                     : QByteArray("{\"data\":[{\"id\":\"669a0243835d4b30de916cd6\",\"courses\":[{");
        return r;
    }
    if (rule.kind == QLatin1String("truncated")) {
        r.status = 200;
        r.body =
            appwrite ? QByteArray("{\"total\":0,\"documents\":[") : QByteArray("{\"data\":[],\"total\":0,");
        r.delivery = HttpResponse::Delivery::Truncate;
        return r;
    }
    r.delivery =
        rule.kind == QLatin1String("hang") ? HttpResponse::Delivery::Hang : HttpResponse::Delivery::Drop;
    return r;
}

} // namespace sandbox
