#include "GraphyClient.h"

#include "JsonBody.h"
#include "SecretRedactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

#include <cmath>

namespace cc {

namespace {
constexpr int kPageSize = 100; // Graphy's documented maximum `limit`

// A number, or a string holding one ("100"). Never infinity or NaN: QString::toDouble() reads
// "inf" and "nan", and "inf" >= 100 would certify a learner.
std::optional<double> number(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(d))
            return d;
    }
    return std::nullopt;
}

std::optional<bool> boolean(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool();
    if (v.isString()) {
        const QString s = v.toString().trimmed().toLower();
        if (s == QLatin1String("true"))
            return true;
        if (s == QLatin1String("false"))
            return false;
    }
    return std::nullopt;
}

// For an operator: what a value that could not be read was ("string \"abc\"", "number 1", "an object").
QString describe(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("boolean true") : QStringLiteral("boolean false");
    case QJsonValue::Double:
        return QStringLiteral("number %1").arg(v.toDouble());
    case QJsonValue::String:
        return QStringLiteral("string \"%1\"").arg(v.toString().left(40));
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// Notes a decision field that is present (not absent, not null) but could not be read.
template <typename T>
void noteUnreadable(GraphyCourse &course, const QString &field, const QJsonValue &v,
                    const std::optional<T> &read)
{
    if (!read && !v.isUndefined() && !v.isNull())
        course.unreadable.append(QStringLiteral("'%1' is %2").arg(field, describe(v)));
}

// Graphy field names differ between v1 ("created date") and v2 ("created_date"); take the first present.
QString firstString(const QJsonObject &o, std::initializer_list<const char *> keys)
{
    for (const char *k : keys) {
        const QJsonValue v = o.value(QLatin1String(k));
        if (v.isString())
            return v.toString();
    }
    return {};
}

GraphyCourse parseCourse(const QJsonObject &c)
{
    GraphyCourse course;
    course.raw = c;
    course.id = c.value(QStringLiteral("id")).toString();
    course.title = firstString(c, {"Title", "title"});
    const QJsonValue progress = c.value(QStringLiteral("progress"));
    const QJsonValue completed = c.value(QStringLiteral("completed"));
    course.progress = number(progress);
    course.totalTime = number(c.value(QStringLiteral("totalTime")));
    course.completed = boolean(completed);
    noteUnreadable(course, QStringLiteral("progress"), progress, course.progress);
    noteUnreadable(course, QStringLiteral("completed"), completed, course.completed);
    course.assignedDate = firstString(c, {"Assigned Date", "assignedDate"});
    course.startDate = firstString(c, {"start date", "startDate"});
    course.lastAccessDate = firstString(c, {"last access date", "lastAccessDate"});
    const QJsonValue items = c.value(QStringLiteral("course items"));
    course.hasItems = items.isArray();
    if (!items.isArray() && !items.isUndefined() && !items.isNull())
        course.unreadable.append(QStringLiteral("'course items' is %1, not an array").arg(describe(items)));
    const QJsonArray itemArray = items.toArray();
    for (qsizetype i = 0; i < itemArray.size(); ++i) {
        const QJsonValue v = itemArray.at(i);
        const QString where = QStringLiteral("course items[%1]").arg(i);
        if (!v.isObject())
            course.unreadable.append(QStringLiteral("'%1' is %2, not an object").arg(where, describe(v)));
        const QJsonObject o = v.toObject();
        GraphyCourseItem item;
        item.title = o.value(QStringLiteral("title")).toString();
        item.type = o.value(QStringLiteral("type")).toString();
        item.totalTime = number(o.value(QStringLiteral("totalTime"))).value_or(-1);
        const QJsonValue itemCompleted = o.value(QStringLiteral("completed"));
        item.completed = boolean(itemCompleted);
        noteUnreadable(course, where + QStringLiteral(".completed"), itemCompleted, item.completed);
        course.items.append(item);
    }
    return course;
}

ServiceError businessError(const HttpResult &r, const QJsonObject &obj)
{
    ServiceError error = r.error;
    error.kind = ServiceError::Kind::Business;
    error.httpStatus = r.status;
    const QJsonValue e = obj.value(QStringLiteral("error"));
    if (e.isObject()) {
        const QJsonValue code = e.toObject().value(QStringLiteral("code"));
        error.type = code.isDouble() ? QStringLiteral("graphy_error_%1").arg(code.toInt())
                                     : QStringLiteral("graphy_error");
        error.message = SecretRedactor::redact(e.toObject().value(QStringLiteral("message")).toString());
    } else {
        error.type = QStringLiteral("graphy_error");
        error.message = SecretRedactor::redact(
            e.isString() ? e.toString() : obj.value(QStringLiteral("message")).toString());
    }
    if (error.message.isEmpty()) // {"error": 1}, {"status": "failed"}: still say what came back
        error.message =
            QStringLiteral("Graphy answered HTTP %1 with an error (%2) but no message")
                .arg(r.status)
                .arg(e.isUndefined()
                         ? QStringLiteral("'status' is %1").arg(describe(obj.value(QStringLiteral("status"))))
                         : QStringLiteral("'error' is %1").arg(describe(e)));
    return error;
}

// A Graphy 200 can still be an error: {"error": {...}} or {"status": "<not success>", "message": ...}.
std::optional<QJsonObject> graphyObject(const HttpResult &r, ServiceError *error)
{
    const auto obj = JsonBody::object(r, error);
    if (!obj)
        return std::nullopt;
    const QJsonValue status = obj->value(QStringLiteral("status"));
    if (obj->contains(QStringLiteral("error")) ||
        (status.isString() && status.toString() != QLatin1String("success"))) {
        *error = businessError(r, *obj);
        return std::nullopt;
    }
    return obj;
}

// A Graphy list answer: the body (for fields beside the rows, e.g. 'total') and its 'data' array.
std::optional<QJsonArray> graphyRows(const HttpResult &r, ServiceError *error, QJsonObject *body = nullptr)
{
    const auto obj = graphyObject(r, error);
    if (!obj)
        return std::nullopt;
    const QJsonValue data = obj->value(QStringLiteral("data"));
    if (!data.isArray()) {
        *error = JsonBody::shapeError(r, QStringLiteral("expected 'data' (array)"));
        return std::nullopt;
    }
    if (body)
        *body = *obj;
    return data.toArray();
}

bool isMissingRoute(const ServiceError &e)
{
    return e.kind == ServiceError::Kind::Http && e.httpStatus == 404;
}

// Graphy's own error bodies are JSON objects; a gateway's or web server's 404 is a page.
bool answeredInJson(const HttpResult &r)
{
    ServiceError notJson;
    return JsonBody::object(r, &notJson).has_value();
}
} // namespace

GraphyClient::GraphyClient(const GraphySettings &settings, ServiceChannel *channel, QObject *parent)
    : QObject(parent), m_settings(settings), m_channel(channel)
{
    SecretRedactor::registerSecret(settings.apiKey);
    m_channel->setErrorBodyParser(&GraphyClient::parseErrorBody);
}

void GraphyClient::parseErrorBody(const HttpResult &result, ServiceError &error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(result.body, &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject obj = doc.object();
        const QJsonValue e = obj.value(QStringLiteral("error"));
        if (e.isObject()) {
            error.message = e.toObject().value(QStringLiteral("message")).toString();
            error.type = QStringLiteral("graphy_error");
        } else {
            error.message = obj.value(QStringLiteral("message")).toString();
        }
        if (result.status == 401)
            error.type = QStringLiteral("invalid_credentials");
        return;
    }
    const QByteArray contentType = result.header("content-type");
    error.type = contentType.contains("html") ? QStringLiteral("html_error_page") : QString();
    error.message = QStringLiteral("answer is not JSON (%1)")
                        .arg(contentType.isEmpty() ? QStringLiteral("no content type")
                                                   : QString::fromLatin1(contentType));
}

HttpRequestSpec GraphyClient::makeRequest(const QString &path, const QString &operation,
                                          const QList<QPair<QString, QString>> &params) const
{
    HttpRequestSpec spec;
    spec.operation = operation;
    QUrl url = m_settings.apiBase;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("mid"),
                       QString::fromLatin1(QUrl::toPercentEncoding(m_settings.merchantId)));
    query.addQueryItem(QStringLiteral("key"),
                       QString::fromLatin1(QUrl::toPercentEncoding(m_settings.apiKey)));
    for (const auto &[name, value] : params)
        query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    url.setQuery(query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    spec.url = url;
    spec.headers = {qMakePair(QByteArray("Accept"), QByteArray("application/json"))};
    return spec;
}

GraphyLearner GraphyClient::parseLearner(const QJsonObject &object, const QString &apiVersion)
{
    GraphyLearner learner;
    learner.found = true;
    learner.raw = object;
    learner.apiVersion = apiVersion;
    learner.id = firstString(object, {"id", "_id"});
    learner.email = object.value(QStringLiteral("email")).toString();
    learner.name = object.value(QStringLiteral("name")).toString();
    learner.hasCourses = object.value(QStringLiteral("courses")).isArray();
    for (const QJsonValue &c : object.value(QStringLiteral("courses")).toArray()) {
        if (c.isObject())
            learner.courses.append(parseCourse(c.toObject()));
    }
    return learner;
}

void GraphyClient::learnerByEmail(const QString &email, QObject *context, Callback<GraphyLearner> done)
{
    const bool v2 = !m_onV1 || m_probeV2;
    m_probeV2 = false;
    learnerByEmailVersion(email, v2 ? QStringLiteral("v2") : QStringLiteral("v1"), context, std::move(done));
}

void GraphyClient::reprobeV2()
{
    m_probeV2 = m_onV1;
}

QString GraphyClient::apiMode() const
{
    if (!m_onV1)
        return QStringLiteral("v2");
    return QStringLiteral("v1 (degraded: v2 answered 404; v1 may not report progress, so completions may not "
                          "be seen; v2 is tried again at the start of each run)");
}

void GraphyClient::onV2Missing(bool graphyAnswered, const HttpResult &result, const QString &email,
                               QObject *context, Callback<GraphyLearner> done)
{
    if (m_onV1) {
        // The run-start probe: v2 is still not there. Stay on v1; this lookup goes there.
        return learnerByEmailVersion(email, QStringLiteral("v1"), context, std::move(done));
    }
    int &misses = graphyAnswered ? m_jsonMisses : m_pageMisses;
    ++misses;
    if (misses >= (graphyAnswered ? kJsonMissesForV1 : kPageMissesForV1)) {
        m_onV1 = true;
        m_jsonMisses = m_pageMisses = 0;
        return learnerByEmailVersion(email, QStringLiteral("v1"), context, std::move(done));
    }
    if (graphyAnswered) // Graphy itself says so: v1 may still answer this one
        return learnerByEmailVersion(email, QStringLiteral("v1"), context, std::move(done));
    ServiceError error = result.error;
    error.message =
        QStringLiteral("Graphy's v2 learner search answered with a 404 page, not Graphy's own answer "
                       "(a gateway during a deploy?); this learner is checked again next run");
    done(error);
}

void GraphyClient::learnerByEmailVersion(const QString &email, const QString &version, QObject *context,
                                         Callback<GraphyLearner> done)
{
    const QString filter = QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("email"), email}}).toJson(QJsonDocument::Compact));
    HttpRequestSpec spec =
        makeRequest(QStringLiteral("/public/%1/learners").arg(version), QStringLiteral("learnerByEmail"),
                    {{QStringLiteral("courseInfo"), QStringLiteral("true")},
                     {QStringLiteral("limit"), QStringLiteral("1")},
                     {QStringLiteral("query"), filter}});
    QPointer<QObject> guard(context);
    m_channel->send(spec, context,
                    [this, email, version, guard, context, done = std::move(done)](const HttpResult &r) {
                        if (!r.ok()) {
                            if (version == QLatin1String("v2") && isMissingRoute(r.error)) {
                                if (guard || !context)
                                    onV2Missing(answeredInJson(r), r, email, context, done);
                                return;
                            }
                            return done(r.error);
                        }
                        if (version == QLatin1String("v2")) {
                            m_onV1 = false; // answered: v2 is there (again)
                            m_jsonMisses = m_pageMisses = 0;
                        }
                        done(parseLearnerAnswer(r, email, version));
                    });
}

Result<GraphyLearner> GraphyClient::parseLearnerAnswer(const HttpResult &r, const QString &email,
                                                       const QString &apiVersion)
{
    ServiceError error;
    const auto rows = graphyRows(r, &error);
    if (!rows)
        return error;
    const QJsonArray &array = *rows;
    GraphyLearner learner;
    learner.apiVersion = apiVersion;
    if (!array.isEmpty()) {
        if (!array.first().isObject())
            return JsonBody::shapeError(r, QStringLiteral("'data[0]' is not an object"));
        const GraphyLearner parsed = parseLearner(array.first().toObject(), apiVersion);
        // Never act on another person's record if the search was looser than asked.
        if (parsed.email.compare(email, Qt::CaseInsensitive) == 0)
            learner = parsed;
    }
    return learner;
}

void GraphyClient::fetchPages(const QString &path, const QString &operation,
                              const QList<QPair<QString, QString>> &params, int skip,
                              QList<QJsonObject> collected, QObject *context,
                              Callback<QList<QJsonObject>> done)
{
    auto pageParams = params;
    pageParams.append({QStringLiteral("skip"), QString::number(skip)});
    pageParams.append({QStringLiteral("limit"), QString::number(kPageSize)});
    QPointer<QObject> guard(context);
    m_channel->send(makeRequest(path, operation, pageParams), context,
                    [=, this, collected = std::move(collected)](const HttpResult &r) mutable {
                        if (!r.ok())
                            return done(r.error);
                        ServiceError error;
                        QJsonObject body;
                        const auto page = graphyRows(r, &error, &body);
                        if (!page)
                            return done(error);
                        const QJsonArray &rows = *page;
                        for (const QJsonValue &v : rows)
                            collected.append(v.toObject());
                        const int total = body.value(QStringLiteral("total")).toInt(-1);
                        const int next = skip + static_cast<int>(rows.size());
                        if (rows.isEmpty() || (total >= 0 && next >= total) ||
                            (total < 0 && rows.size() < kPageSize))
                            return done(collected);
                        if (guard || !context)
                            fetchPages(path, operation, params, next, std::move(collected), context, done);
                    });
}

void GraphyClient::products(QObject *context, Callback<QList<QJsonObject>> done)
{
    fetchPages(QStringLiteral("/public/v1/products"), QStringLiteral("products"), {}, 0, {}, context,
               std::move(done));
}

void GraphyClient::activeLearners(const QStringList &productIds, const QDate &from, const QDate &to,
                                  QObject *context, Callback<QList<QJsonObject>> done)
{
    const QString format = QStringLiteral("yyyy/MM/dd");
    fetchPages(QStringLiteral("/t/api/public/v3/products/activelearners"), QStringLiteral("activeLearners"),
               {{QStringLiteral("productIds"), productIds.join(QLatin1Char(','))},
                {QStringLiteral("dateFrom"), from.toString(format)},
                {QStringLiteral("dateTo"), to.toString(format)}},
               0, {}, context, std::move(done));
}

} // namespace cc
