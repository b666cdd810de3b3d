#include "EngineRig.h"

#include "SandboxSettings.h"
#include "checker/EngineConfiguration.h"

#include "base/Clock.h"
#include "checker/CheckerServices.h"
#include "checker/EventIdentity.h"
#include "checker/RunEngine.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"
#include "net/ServiceChannel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTest>
#include <algorithm>

namespace rig {

QJsonObject Demo::toJson() const
{
    return QJsonObject{{QStringLiteral("learners"), learners},
                       {QStringLiteral("seed"), qint64(seed)},
                       {QStringLiteral("courses"), courses},
                       {QStringLiteral("completedShare"), completedShare},
                       {QStringLiteral("checkedShare"), checkedShare}};
}

cc::EngineSettings fastSettings(const sandbox::SandboxHost &host)
{
    cc::EngineSettings s = sandboxEngineSettings(host);
    s.batchSize = 7;
    s.concurrency = 6;
    s.graphyRatePerSecond = 5000;
    s.appwriteRatePerSecond = 5000;
    s.runDeadlineMs = 60000;
    s.requestTimeoutMs = 5000;
    s.maxAttempts = 4;
    s.retryBaseDelayMs = 10;
    s.maxServerWaitMs = 2000;
    s.breakerFailureThreshold = 5;
    s.breakerOpenMs = 500;
    return s;
}

EngineStack::EngineStack(const cc::EngineSettings &settings, const cc::Clock *clock)
    : m_settings(settings), m_services(settings, cc::CheckerServices::Purpose::Checking,
                                       clock ? clock : cc::SystemClock::instance(), &m_nam)
{}

EngineStack::~EngineStack() = default;

RunCapture EngineStack::run(qint64 runId, int timeoutMs,
                            const std::function<void(const cc::CheckResult &)> &onResult)
{
    RunCapture cap;
    cc::RunEngine engine(m_services.checkServices(), m_settings, &m_locks);
    engine.setHeldBack(m_heldBack);
    QObject::connect(&engine, &cc::RunEngine::learnerChecked, &engine,
                     [&](const cc::CheckedLearner &checked, const QList<cc::ErrorEntry> &errors) {
                         cap.results.append(*checked.latestCheck);
                         cap.errors.append(errors);
                         cap.after.insert(checked.learner.id, checked.learner);
                         if (onResult)
                             onResult(*checked.latestCheck);
                     });
    QObject::connect(&engine, &cc::RunEngine::runError, &engine,
                     [&](const cc::ErrorEntry &e) { cap.runErrors.append(e); });
    QObject::connect(&engine, &cc::RunEngine::finished, &engine, [&](const cc::RunRecord &r) {
        cap.record = r;
        cap.finished = true;
    });
    cc::RunRecord run;
    run.id = runId;
    run.trigger = cc::RunTrigger::Manual;
    engine.start(run);
    (void)QTest::qWaitFor([&] { return cap.finished; }, timeoutMs); // the result is checked right after
    if (!cap.finished) {
        engine.requestStop(QStringLiteral("test timeout"));
        m_services.abortAll();
        (void)QTest::qWaitFor([&] { return cap.finished; }, 5000); // the result is checked right after
        cap.finished = false;                                      // report the timeout
    }
    // Let deleteLater()s of the finished checks and the pager run before the engine goes.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return cap;
}

QSet<QString> RunCapture::checkedIds() const
{
    QSet<QString> ids;
    for (const auto &r : results)
        ids.insert(r.learnerId);
    return ids;
}

QStringList RunCapture::duplicateIds() const
{
    QHash<QString, int> seen;
    QStringList dups;
    for (const auto &r : results) {
        if (++seen[r.learnerId] == 2)
            dups << r.learnerId;
    }
    return dups;
}

const cc::CheckResult *RunCapture::result(const QString &learnerId) const
{
    for (const auto &r : results) {
        if (r.learnerId == learnerId)
            return &r;
    }
    return nullptr;
}

int RunCapture::count(cc::LearnerOutcome outcome) const
{
    return int(std::count_if(results.cbegin(), results.cend(),
                             [&](const cc::CheckResult &r) { return r.outcome == outcome; }));
}

QString RunCapture::describe() const
{
    QString s =
        QStringLiteral("finished=%1 state=%2 processed=%3 completed=%4 already=%5 inProgress=%6 notFound=%7 "
                       "errors=%8 reason='%9'")
            .arg(finished)
            .arg(cc::runStateName(record.state))
            .arg(record.processed)
            .arg(record.completed)
            .arg(record.alreadyRecorded)
            .arg(record.inProgress)
            .arg(record.notFound)
            .arg(record.errors)
            .arg(record.endReason);
    for (const auto &e : errors.mid(0, 3))
        s += QStringLiteral("\n  error: %1 %2 %3 %4").arg(e.service, e.operation, e.errorType, e.message);
    for (const auto &e : runErrors.mid(0, 3))
        s += QStringLiteral("\n  run error: %1 %2 %3 %4").arg(e.service, e.operation, e.errorType, e.message);
    return s;
}

Snapshot Snapshot::take(SandboxControl &control)
{
    Snapshot s;
    const QJsonObject state = control.state();
    const QJsonObject collections = state.value(QStringLiteral("collections")).toObject();
    for (const QJsonValue &v : collections.value(QStringLiteral("learners")).toArray())
        s.learners.insert(v[QStringLiteral("$id")].toString(), v.toObject());
    for (const QJsonValue &v : collections.value(QStringLiteral("webhook_events")).toArray())
        s.events.insert(v[QStringLiteral("$id")].toString(), v.toObject());
    for (const QJsonValue &v :
         state.value(QStringLiteral("graphy")).toObject().value(QStringLiteral("learners")).toArray())
        s.graphyByEmail.insert(v[QStringLiteral("email")].toString().toLower(), v.toObject());
    return s;
}

QStringList Snapshot::idsWhere(const std::function<bool(const QJsonObject &)> &pred) const
{
    QList<QJsonObject> docs;
    for (const QJsonObject &l : learners) {
        if (pred(l))
            docs << l;
    }
    std::sort(docs.begin(), docs.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QStringLiteral("$sequence")).toInteger() <
               b.value(QStringLiteral("$sequence")).toInteger();
    });
    QStringList ids;
    for (const QJsonObject &d : docs)
        ids << d.value(QStringLiteral("$id")).toString();
    return ids;
}

QStringList Snapshot::enrolledIds() const
{
    return idsWhere([](const QJsonObject &l) {
        return l.value(QStringLiteral("status")).toString() == QLatin1String("enrolled");
    });
}

QList<QJsonObject> Snapshot::eventsWithEventId(const QString &eventId) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &e : events) {
        if (e.value(QStringLiteral("event_id")).toString() == eventId)
            out << e;
    }
    return out;
}

QJsonObject Snapshot::graphyCourse(const QString &learnerId) const
{
    const QJsonObject l = learners.value(learnerId);
    const QJsonObject g = graphyByEmail.value(l.value(QStringLiteral("email")).toString().toLower());
    for (const QJsonValue &c : g.value(QStringLiteral("courses")).toArray()) {
        if (c[QStringLiteral("id")].toString() == l.value(QStringLiteral("course_id")).toString())
            return c.toObject();
    }
    return {};
}

cc::LearnerOutcome Snapshot::expectedOutcome(const QString &learnerId) const
{
    const QJsonObject l = learners.value(learnerId);
    if (!graphyByEmail.contains(l.value(QStringLiteral("email")).toString().toLower()))
        return cc::LearnerOutcome::UnknownToGraphy;
    const QJsonObject course = graphyCourse(learnerId);
    if (course.isEmpty())
        return cc::LearnerOutcome::NotInCourse;
    if (course.value(QStringLiteral("completed")).toBool())
        return cc::LearnerOutcome::Completed;
    bool allItems = true;
    for (const QJsonValue &item : course.value(QStringLiteral("course items")).toArray())
        allItems = allItems && item[QStringLiteral("completed")].toBool();
    if (course.value(QStringLiteral("progress")).toDouble() >= 100 && allItems)
        return cc::LearnerOutcome::Completed;
    return cc::LearnerOutcome::InProgress;
}

QStringList Snapshot::enrolledGraphyComplete() const
{
    QStringList out;
    for (const QString &id : enrolledIds()) {
        if (expectedOutcome(id) == cc::LearnerOutcome::Completed)
            out << id;
    }
    return out;
}

QDateTime parseTime(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

QString expectedEventId(const QJsonObject &learner)
{
    return QStringLiteral("completion_%1_%2")
        .arg(learner.value(QStringLiteral("course_id")).toString(),
             learner.value(QStringLiteral("$id")).toString());
}

bool recordWebhookEvent(EngineStack &stack, const QJsonObject &learner, const QString &receivedAt)
{
    const QString eventId = expectedEventId(learner);
    bool created = false;
    stack.appwrite()->createDocument(
        QStringLiteral("webhook_events"), cc::EventIdentity::documentId(eventId),
        QJsonObject{{QStringLiteral("event_id"), eventId},
                    {QStringLiteral("event_type"), QStringLiteral("course.completed")},
                    {QStringLiteral("source"), QStringLiteral("graphy_webhook")},
                    {QStringLiteral("learner_id"), learner.value(QStringLiteral("$id"))},
                    {QStringLiteral("email"), learner.value(QStringLiteral("email"))},
                    {QStringLiteral("course_id"), learner.value(QStringLiteral("course_id"))},
                    {QStringLiteral("payload"), QStringLiteral("{}")},
                    {QStringLiteral("status"), QStringLiteral("pending")},
                    {QStringLiteral("received_at"), receivedAt}},
        nullptr, [&](const cc::Result<cc::CreateOutcome> &r) { created = r.ok() && r.value().created; });
    return QTest::qWaitFor([&] { return created; }, 10000);
}

void AsyncControl::addFault(const QJsonObject &rule)
{
    QUrl url = m_base;
    url.setPath(m_base.path() + QStringLiteral("/faults"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    ++m_pending;
    QNetworkReply *reply =
        m_nam.post(request, QJsonDocument(QJsonObject{{QStringLiteral("rules"), QJsonArray{rule}}})
                                .toJson(QJsonDocument::Compact));
    QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply] {
        --m_pending;
        reply->deleteLater();
    });
}

QJsonObject fault(const QString &api, const QString &kind, const QJsonObject &extra)
{
    QJsonObject o = extra;
    o.insert(QStringLiteral("api"), api);
    o.insert(QStringLiteral("kind"), kind);
    return o;
}

} // namespace rig
