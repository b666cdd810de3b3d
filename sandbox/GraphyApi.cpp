#include "GraphyApi.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

namespace sandbox {

namespace {
// A query filter value matches when equal as text (Graphy's Mongo query on string fields).
bool matchesFilter(const GraphyStore::Learner &l, const QJsonObject &filter)
{
    for (auto it = filter.begin(); it != filter.end(); ++it) {
        const QString want = it.value().toString();
        if (!it.value().isString())
            return false;
        const QString &key = it.key();
        const QString have = key == QLatin1String("email")                               ? l.email
                             : key == QLatin1String("name")                              ? l.name
                             : key == QLatin1String("mobile")                            ? l.mobile
                             : key == QLatin1String("id") || key == QLatin1String("_id") ? l.id
                                                                                         : QString();
        if (have.isNull() || have != want)
            return false;
    }
    return true;
}

int boundedInt(const QString &text, int fallback, int min, int max)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    return ok ? std::clamp(v, min, max) : fallback;
}
} // namespace

HttpResponse GraphyApi::notFoundPage()
{
    return HttpResponse::html(404, "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
                                   "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n"
                                   "</body>\r\n</html>\r\n");
}

HttpResponse GraphyApi::error(int status, int code, const QString &message)
{
    return HttpResponse::json(
        status, QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                                                  {QStringLiteral("message"), message}}}});
}

QString GraphyApi::param(const HttpRequest &request, const QString &name) const
{
    if (request.hasQuery(name))
        return request.queryValue(name);
    for (const auto &field : request.formFields()) {
        if (field.first == name)
            return field.second;
    }
    if (request.header("content-type").toLower().startsWith("application/json")) // tolerated variant
        return QJsonDocument::fromJson(request.body).object().value(name).toVariant().toString();
    return {};
}

HttpResponse GraphyApi::handle(const RouteTable::Match &route, const HttpRequest &request)
{
    if (route.id == RouteId::None)
        return notFoundPage();
    if (route.id == RouteId::GrLearnersV2 && !m_v2Enabled) // a Graphy without v2 says so itself
        return error(404, 404, QStringLiteral("Route not found"));
    if (param(request, QStringLiteral("mid")) != m_options->graphyMid ||
        param(request, QStringLiteral("key")) != m_options->graphyKey)
        return HttpResponse::json(
            401, QJsonObject{{QStringLiteral("message"),
                              QStringLiteral("Invalid session! You must be logged in for this "
                                             "operation")}});
    switch (route.id) {
    case RouteId::GrLearnersV1:
        return learners(request, false);
    case RouteId::GrLearnersV2:
        return learners(request, true);
    case RouteId::GrLearner:
        return learner(route.params.value(QStringLiteral("learnerId")), request);
    case RouteId::GrLearnerUsage:
        return usage(route.params.value(QStringLiteral("learnerId")), request);
    case RouteId::GrProducts:
        return products(request);
    case RouteId::GrProduct: {
        const int index = m_store->productIndex(route.params.value(QStringLiteral("productId")));
        if (index < 0)
            return error(404, 404, QStringLiteral("Product not found"));
        return HttpResponse::json(200, m_store->productJson(m_store->products()[index], true));
    }
    case RouteId::GrActiveLearners:
        return activeLearners(request);
    default:
        return notFoundPage();
    }
}

HttpResponse GraphyApi::learners(const HttpRequest &request, bool v2)
{
    const QString queryText = param(request, QStringLiteral("query"));
    QJsonObject filter;
    if (!queryText.isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(queryText.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return error(400, 400, QStringLiteral("Invalid query parameter"));
        filter = doc.object();
    }
    const bool courseInfo = param(request, QStringLiteral("courseInfo")) == QLatin1String("true");
    const int limit = boundedInt(param(request, QStringLiteral("limit")), 10, 1, 100);
    const int skip = boundedInt(param(request, QStringLiteral("skip")), 0, 0, INT_MAX);
    QJsonArray data;
    int total = 0;
    // The common case (one e-mail) is a hash lookup; other filters scan.
    const QString email = filter.value(QStringLiteral("email")).toString();
    auto consider = [&](const GraphyStore::Learner &l) {
        if (!matchesFilter(l, filter))
            return;
        if (total >= skip && data.size() < limit)
            data.append(m_store->learnerJson(l, v2, courseInfo));
        ++total;
    };
    if (!email.isEmpty()) {
        if (const GraphyStore::Learner *l = m_store->learnerByEmail(email))
            consider(*l);
    } else {
        for (const auto &l : m_store->learners())
            consider(l);
    }
    QJsonObject envelope{
        {QStringLiteral("data"), data}, {QStringLiteral("total"), total}, {QStringLiteral("limit"), limit}};
    if (!v2)
        envelope.insert(QStringLiteral("skip"), skip);
    return HttpResponse::json(200, envelope);
}

HttpResponse GraphyApi::learner(const QString &id, const HttpRequest &request)
{
    const GraphyStore::Learner *l = m_store->learnerById(id);
    if (!l)
        return error(404, 404, QStringLiteral("Learner not found"));
    const bool courseInfo = param(request, QStringLiteral("courseInfo")) == QLatin1String("true");
    return HttpResponse::json(200, m_store->learnerJson(*l, false, courseInfo));
}

HttpResponse GraphyApi::usage(const QString &id, const HttpRequest &request)
{
    const QString productId = param(request, QStringLiteral("productId"));
    if (productId.isEmpty())
        return error(400, 400, QStringLiteral("productId is required"));
    const GraphyStore::Learner *l = m_store->learnerById(id);
    if (!l)
        return error(404, 404, QStringLiteral("Learner not found"));
    int seconds = 0;
    for (const auto &e : l->courses) {
        if (m_store->products()[e.product].id == productId)
            seconds = m_store->timeSpent(e);
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("time spent in secs"), seconds}});
}

HttpResponse GraphyApi::products(const HttpRequest &request)
{
    const int limit = boundedInt(param(request, QStringLiteral("limit")), 10, 1, 500);
    const int skip = boundedInt(param(request, QStringLiteral("skip")), 0, 0, INT_MAX);
    QJsonArray data;
    const auto &all = m_store->products();
    for (int i = skip; i < all.size() && data.size() < limit; ++i)
        data.append(m_store->productJson(all[i], false));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("data"), data},
                                               {QStringLiteral("total"), all.size()},
                                               {QStringLiteral("limit"), limit}});
}

HttpResponse GraphyApi::activeLearners(const HttpRequest &request)
{
    const QStringList productIds =
        param(request, QStringLiteral("productIds")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QDate from =
        QDate::fromString(param(request, QStringLiteral("dateFrom")), QStringLiteral("yyyy/MM/dd"));
    const QDate to =
        QDate::fromString(param(request, QStringLiteral("dateTo")), QStringLiteral("yyyy/MM/dd"));
    if (productIds.isEmpty() || !from.isValid() || !to.isValid())
        return error(400, 400, QStringLiteral("productIds, dateFrom and dateTo (yyyy/MM/dd) are required"));
    const qint64 fromMs = QDateTime(from, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 toMs = QDateTime(to.addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const int limit = boundedInt(param(request, QStringLiteral("limit")), 100, 1, 100);
    const int skip = boundedInt(param(request, QStringLiteral("skip")), 0, 0, INT_MAX);
    QJsonArray data;
    int total = 0;
    for (const auto &l : m_store->learners()) {
        bool active = false;
        for (const auto &e : l.courses) {
            active = active || (productIds.contains(m_store->products()[e.product].id) &&
                                e.lastAccessAt >= fromMs && e.lastAccessAt < toMs);
        }
        if (!active)
            continue;
        if (total >= skip && data.size() < limit)
            data.append(m_store->learnerJson(l, false, false));
        ++total;
    }
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("data"), data},
                                               {QStringLiteral("skip"), skip},
                                               {QStringLiteral("total"), total}});
}

} // namespace sandbox
