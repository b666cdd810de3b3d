#include "ControlApi.h"

#include "SandboxService.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sandbox {

namespace {
HttpResponse problem(int status, const QString &message)
{
    return HttpResponse::json(status, QJsonObject{{QStringLiteral("error"), message}});
}
} // namespace

HttpResponse ControlApi::handle(const HttpRequest &request)
{
    QString path = request.path;
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const QByteArray &m = request.method;
    QJsonObject body;
    if (!request.body.trimmed().isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(request.body);
        if (!doc.isObject())
            return problem(400, QStringLiteral("body must be a JSON object"));
        body = doc.object();
    }
    if (path == QLatin1String("/_sandbox") || path == QLatin1String("/_sandbox/info"))
        return info();
    if (path == QLatin1String("/_sandbox/state") && m == "GET")
        return state();
    if (path == QLatin1String("/_sandbox/reset") && m == "POST")
        return reset(body);
    if (path == QLatin1String("/_sandbox/requests")) {
        if (m == "DELETE") {
            m_service->clearRequestCounts();
            return HttpResponse::json(200, m_service->requestCounts());
        }
        if (m == "GET")
            return HttpResponse::json(200, m_service->requestCounts());
    }
    if (path == QLatin1String("/_sandbox/faults")) {
        if (m == "GET")
            return HttpResponse::json(200,
                                      QJsonObject{{QStringLiteral("rules"), m_service->faults().toJson()}});
        if (m == "POST")
            return addFaults(body);
        if (m == "DELETE") {
            m_service->faults().clear();
            return HttpResponse::json(200, QJsonObject{{QStringLiteral("rules"), QJsonArray()}});
        }
    }
    if (path == QLatin1String("/_sandbox/graphy/progress") && m == "POST")
        return setProgress(body);
    if (path == QLatin1String("/_sandbox/settings"))
        return settings(body, m == "POST");
    return problem(404, QStringLiteral("unknown control route: %1 %2").arg(QString::fromLatin1(m), path));
}

HttpResponse ControlApi::info()
{
    const SandboxOptions &o = m_service->options();
    const DemoData::Summary &s = m_service->summary();
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("projectId"), o.projectId},
                         {QStringLiteral("apiKey"), o.apiKey},
                         {QStringLiteral("readOnlyApiKey"), o.readOnlyApiKey},
                         {QStringLiteral("databaseId"), o.databaseId},
                         {QStringLiteral("graphyMid"), o.graphyMid},
                         {QStringLiteral("graphyKey"), o.graphyKey},
                         {QStringLiteral("functionId"), o.functionId},
                         {QStringLiteral("seed"), qint64(o.seed)},
                         {QStringLiteral("emptyDatabase"), o.emptyDatabase},
                         {QStringLiteral("summary"),
                          QJsonObject{{QStringLiteral("learners"), s.learners},
                                      {QStringLiteral("graphyComplete"), s.graphyComplete},
                                      {QStringLiteral("alreadyCompleted"), s.alreadyCompleted},
                                      {QStringLiteral("unknownToGraphy"), s.unknownToGraphy},
                                      {QStringLiteral("notInCourse"), s.notInCourse}}}});
}

HttpResponse ControlApi::state()
{
    QJsonObject collections;
    for (const QString &id : m_service->appwrite().collectionIds()) {
        const Collection *c = m_service->appwrite().collection(id);
        QJsonArray docs;
        for (const auto &doc : c->documents())
            docs.append(c->toJson(*doc));
        collections.insert(id, docs);
    }
    QJsonArray learners;
    const GraphyStore &graphy = m_service->graphy();
    for (const auto &l : graphy.learners())
        learners.append(graphy.learnerJson(l, true, true));
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("collections"), collections},
                         {QStringLiteral("graphy"), QJsonObject{{QStringLiteral("learners"), learners}}}});
}

HttpResponse ControlApi::reset(const QJsonObject &body)
{
    SandboxOptions o = m_service->options();
    if (body.contains(QStringLiteral("seed")))
        o.seed = quint32(body.value(QStringLiteral("seed")).toDouble());
    o.learners = body.value(QStringLiteral("learners")).toInt(o.learners);
    o.courses = std::max(1, body.value(QStringLiteral("courses")).toInt(o.courses));
    o.completedShare = body.value(QStringLiteral("completedShare")).toDouble(o.completedShare);
    o.checkedShare = body.value(QStringLiteral("checkedShare")).toDouble(o.checkedShare);
    o.emptyDatabase = body.value(QStringLiteral("emptyDatabase")).toBool(o.emptyDatabase);
    o.faults.clear(); // reset clears faults, including those given at start
    m_service->reseed(o);
    return info();
}

HttpResponse ControlApi::addFaults(const QJsonObject &body)
{
    QJsonArray rules = body.value(QStringLiteral("rules")).toArray();
    if (rules.isEmpty() && body.contains(QStringLiteral("kind")))
        rules.append(body); // a single rule posted directly
    QList<FaultRule> parsed;
    for (const QJsonValue &v : rules) {
        FaultRule rule;
        QString error;
        if (!FaultRule::fromJson(v.toObject(), &rule, &error))
            return problem(400, error);
        parsed.append(rule);
    }
    for (const FaultRule &rule : parsed)
        m_service->faults().add(rule);
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("rules"), m_service->faults().toJson()}});
}

HttpResponse ControlApi::setProgress(const QJsonObject &body)
{
    GraphyStore &graphy = m_service->graphy();
    GraphyStore::Learner *learner = graphy.learnerByEmail(body.value(QStringLiteral("email")).toString());
    if (!learner)
        return problem(404, QStringLiteral("no Graphy learner with that email"));
    const int product = graphy.productIndex(body.value(QStringLiteral("courseId")).toString());
    if (product < 0)
        return problem(404, QStringLiteral("no Graphy course with that id"));
    GraphyStore::Enrollment *enrollment = nullptr;
    for (auto &e : learner->courses) {
        if (e.product == product)
            enrollment = &e;
    }
    if (!enrollment) { // enrol the learner, as an assign would
        GraphyStore::Enrollment e;
        e.product = product;
        e.assignedAt = e.lastAccessAt = learner->createdAt;
        learner->courses.append(e);
        enrollment = &learner->courses.last();
    }
    const int items = int(graphy.products()[product].items.size());
    enrollment->itemsCompleted.resize(items);
    const QJsonValue done = body.value(QStringLiteral("itemsCompleted"));
    if (done.isString() && done.toString() == QLatin1String("all")) {
        enrollment->itemsCompleted.fill(true);
    } else if (done.isDouble()) {
        for (int i = 0; i < items; ++i)
            enrollment->itemsCompleted[i] = i < done.toInt();
    }
    if (body.contains(QStringLiteral("progress")))
        enrollment->progress = body.value(QStringLiteral("progress")).toInt();
    if (body.contains(QStringLiteral("completed")))
        enrollment->completed = body.value(QStringLiteral("completed")).toBool();
    enrollment->lastAccessAt = QDateTime::currentMSecsSinceEpoch();
    return HttpResponse::json(200, graphy.learnerJson(*learner, true, true));
}

HttpResponse ControlApi::settings(const QJsonObject &body, bool write)
{
    if (write) {
        // Validate everything before changing anything.
        SandboxOptions::AppwriteVersion version = m_service->options().appwriteVersion;
        SandboxOptions::KeyScopes scopes = m_service->options().keyScopes;
        const QJsonValue versionValue = body.value(QStringLiteral("appwriteVersion"));
        if (!versionValue.isUndefined() &&
            !SandboxOptions::parseAppwriteVersion(versionValue.toString(), &version))
            return problem(400, QStringLiteral("appwriteVersion must be \"1.7\", \"1.8\" or \"1.9\""));
        const QJsonValue scopesValue = body.value(QStringLiteral("keyScopes"));
        if (!scopesValue.isUndefined() && !SandboxOptions::parseKeyScopes(scopesValue.toString(), &scopes))
            return problem(400, QStringLiteral("keyScopes must be \"both\", \"rows\" or \"documents\""));
        const QJsonValue limitValue = body.value(QStringLiteral("graphyRateLimit"));
        if (!limitValue.isUndefined() && (!limitValue.isDouble() || limitValue.toDouble() < 0))
            return problem(
                400, QStringLiteral("graphyRateLimit must be a number of requests per second, 0 for none"));
        if (!limitValue.isUndefined())
            m_service->setGraphyRateLimit(limitValue.toDouble());
        if (body.contains(QStringLiteral("graphyV2Enabled")))
            m_service->graphyApi().setV2Enabled(body.value(QStringLiteral("graphyV2Enabled")).toBool());
        m_service->setAppwriteVersion(version);
        m_service->setKeyScopes(scopes);
    }
    const SandboxOptions &o = m_service->options();
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("graphyV2Enabled"), m_service->graphyApi().v2Enabled()},
                         {QStringLiteral("graphyRateLimit"), m_service->graphyLimit().rate()},
                         {QStringLiteral("appwriteVersion"), SandboxOptions::versionName(o.appwriteVersion)},
                         {QStringLiteral("keyScopes"), SandboxOptions::keyScopesName(o.keyScopes)}});
}

} // namespace sandbox
