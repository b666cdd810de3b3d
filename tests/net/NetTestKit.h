#pragma once
// Shared helpers of the app/net integration tests: a sandbox per test case, channel/client rigs
// with short test timings, a bounded wait for one callback, and a collector that checks that no
// error text ever carries a secret.

#include "FamilyUnderTest.h"
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "SandboxTestCase.h"
#include "base/Clock.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"
#include "net/ServiceChannel.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QStringList>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace nettest {

// Every secret any test of this suite hands to a client or a sandbox, plus fragments of the
// special-character key, so that a partly redacted key is caught too.
inline const QString kAppwriteKey = QStringLiteral("sandbox-appwrite-key");
inline const QString kReadOnlyKey = QStringLiteral("sandbox-readonly-key");
inline const QString kGraphyKey = QStringLiteral("sandbox-graphy-key");
inline const QString kWrongGraphyKey = QStringLiteral("wrong-graphy-key-0042");
inline const QString kSpecialGraphyKey = QStringLiteral("s3cr3t+k3y/w1th sp4ce&x=1");

inline QStringList secretForms()
{
    QStringList forms;
    for (const QString &s : {kAppwriteKey, kReadOnlyKey, kGraphyKey, kWrongGraphyKey, kSpecialGraphyKey}) {
        forms << s << QString::fromLatin1(QUrl::toPercentEncoding(s));
        QString plus = s;
        forms << plus.replace(QLatin1Char(' '), QLatin1Char('+'));
    }
    // Fragments of the special key: any of them in an error means the key leaked in part.
    forms << QStringLiteral("s3cr3t") << QStringLiteral("k3y") << QStringLiteral("w1th")
          << QStringLiteral("sp4ce");
    return forms;
}

// Every error text the suite saw, for the final "no secret anywhere" check of each executable.
inline QStringList &seenErrorTexts()
{
    static QStringList texts;
    return texts;
}

// Returns the first secret form found in the error's texts (empty when clean) and records them.
inline QString leakedSecret(const cc::ServiceError &e)
{
    const QStringList texts = {e.toString(), e.message, e.detail, e.type, e.operation, e.service};
    seenErrorTexts() << texts;
    for (const QString &t : texts) {
        for (const QString &secret : secretForms()) {
            if (t.contains(secret, Qt::CaseInsensitive))
                return secret + QStringLiteral(" in: ") + t;
        }
    }
    return {};
}

// Waits (bounded, without fixed sleeps) for exactly one callback. `start` receives a context
// object and the callback; the context dies on return, so a late callback is never delivered.
template <typename T>
std::optional<cc::Result<T>>
await(const std::function<void(QObject *, std::function<void(const cc::Result<T> &)>)> &start,
      int timeoutMs = 15000)
{
    std::optional<cc::Result<T>> out;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject context;
    bool done = false;
    start(&context, [&](const cc::Result<T> &r) {
        out.emplace(r);
        done = true;
        loop.quit();
    });
    if (!done) {
        timer.start(timeoutMs);
        loop.exec();
    }
    return out;
}

// The same for a raw channel call.
inline std::optional<cc::HttpResult> awaitSend(cc::ServiceChannel *channel, const cc::HttpRequestSpec &spec,
                                               int timeoutMs = 15000)
{
    std::optional<cc::HttpResult> out;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    QObject context;
    bool done = false;
    channel->send(spec, &context, [&](const cc::HttpResult &r) {
        out = r;
        done = true;
        loop.quit();
    });
    if (!done) {
        timer.start(timeoutMs);
        loop.exec();
    }
    return out;
}

// Fast test timings: short timeouts, 10 ms backoff base, a breaker that stays out of the way.
inline cc::ServiceChannel::Settings fastSettings(const QString &service)
{
    cc::ServiceChannel::Settings s;
    s.service = service;
    s.maxInFlight = 8;
    s.timeoutMs = 5000;
    s.retry.maxAttempts = 3;
    s.retry.baseDelayMs = 10;
    s.retry.maxDelayMs = 50;
    s.retry.maxServerWaitMs = 5000;
    s.breaker.failureThreshold = 1000;
    s.breaker.openDurationMs = 200;
    s.breaker.maxOpenDurationMs = 400;
    return s;
}

inline cc::AppwriteSettings appwriteSettings(const sandbox::SandboxHost &host,
                                             const QString &key = kAppwriteKey)
{
    cc::AppwriteSettings s = sandboxEngineSettings(host).appwrite;
    s.apiKey = key;
    return s;
}

inline cc::GraphySettings graphySettings(const sandbox::SandboxHost &host, const QString &key)
{
    cc::GraphySettings s = sandboxEngineSettings(host).graphy;
    s.apiKey = key;
    return s;
}

inline const QString kLearners = QStringLiteral("learners");

// Route keys as the sandbox counts requests (SandboxControl::routeCount), in the family under test.
inline const QString kListRoute = familytest::translated(
    QStringLiteral("GET /v1/databases/{databaseId}/collections/{collectionId}/documents"));
inline const QString kCreateRoute = familytest::translated(
    QStringLiteral("POST /v1/databases/{databaseId}/collections/{collectionId}/documents"));
inline const QString kExecRoute = QStringLiteral("POST /v1/functions/{functionId}/executions");
inline const QString kV2Route = QStringLiteral("GET /public/v2/learners");

// One listDocuments call, waited for.
inline std::optional<cc::Result<cc::DocumentList>> listDocuments(cc::AppwriteClient *client,
                                                                 const QList<cc::AppwriteQuery> &queries = {},
                                                                 const QString &collection = kLearners)
{
    return await<cc::DocumentList>(
        [&](QObject *ctx, auto done) { client->listDocuments(collection, queries, ctx, done); });
}

// One channel and one client of each kind, built on demand.
struct Rig
{
    QNetworkAccessManager nam;
    std::unique_ptr<cc::ServiceChannel> channel;
    std::unique_ptr<cc::AppwriteClient> appwrite;
    std::unique_ptr<cc::GraphyClient> graphy;

    Rig(const sandbox::SandboxHost &host, const cc::ServiceChannel::Settings &settings,
        const QString &key = QString())
    {
        channel = std::make_unique<cc::ServiceChannel>(settings, &nam, cc::SystemClock::instance());
        channel->setRetrySeed(42);
        if (settings.service == QLatin1String("graphy"))
            graphy = std::make_unique<cc::GraphyClient>(
                graphySettings(host, key.isEmpty() ? host.options().graphyKey : key), channel.get());
        else
            appwrite = std::make_unique<cc::AppwriteClient>(
                appwriteSettings(host, key.isEmpty() ? host.options().apiKey : key), channel.get());
    }
};

// The base of a client test: its sandbox and one Rig on it for `service` ("appwrite" or "graphy").
class ClientTestCase : public SandboxTestCase
{
protected:
    bool startWithRig(const sandbox::SandboxOptions &options, const QString &service, QString *error)
    {
        if (!startSandbox(options, error, 10000))
            return false;
        m_rig = std::make_unique<Rig>(m_host, fastSettings(service));
        return true;
    }

    std::optional<cc::Result<cc::DocumentList>> list(const QList<cc::AppwriteQuery> &queries,
                                                     const QString &collection = kLearners)
    {
        return listDocuments(m_rig->appwrite.get(), queries, collection);
    }

    std::unique_ptr<Rig> m_rig;
};

// Learners of the demo data sorted by what Graphy knows about them (from the control API's state).
struct DemoLearners
{
    QJsonObject completed;  // Appwrite learner doc: Graphy says course completed == true
    QJsonObject inProgress; // in the course, progress < 100
    QJsonObject unknown;    // no Graphy learner with that e-mail
    int appwriteLearners = 0;
};

inline DemoLearners demoLearners(SandboxControl &control)
{
    DemoLearners out;
    const QJsonObject state = control.state();
    QHash<QString, QJsonObject> graphyByEmail;
    for (const QJsonValue &v :
         state.value(QStringLiteral("graphy")).toObject().value(QStringLiteral("learners")).toArray())
        graphyByEmail.insert(v.toObject().value(QStringLiteral("email")).toString(), v.toObject());
    const QJsonArray docs =
        state.value(QStringLiteral("collections")).toObject().value(QStringLiteral("learners")).toArray();
    out.appwriteLearners = int(docs.size());
    for (const QJsonValue &v : docs) {
        const QJsonObject doc = v.toObject();
        const QString email = doc.value(QStringLiteral("email")).toString();
        const QString courseId = doc.value(QStringLiteral("course_id")).toString();
        if (!graphyByEmail.contains(email)) {
            if (out.unknown.isEmpty())
                out.unknown = doc;
            continue;
        }
        for (const QJsonValue &c : graphyByEmail.value(email).value(QStringLiteral("courses")).toArray()) {
            const QJsonObject course = c.toObject();
            if (course.value(QStringLiteral("id")).toString() != courseId)
                continue;
            if (course.value(QStringLiteral("completed")).toBool() && out.completed.isEmpty())
                out.completed = doc;
            else if (course.value(QStringLiteral("progress")).toDouble() < 100 &&
                     !course.value(QStringLiteral("course items")).toArray().isEmpty() &&
                     out.inProgress.isEmpty())
                out.inProgress = doc;
        }
    }
    return out;
}

} // namespace nettest

// Checks an error carries no secret in any of its texts.
#define NET_VERIFY_NO_SECRET(error)                                                                          \
    do {                                                                                                     \
        const QString leak_ = nettest::leakedSecret(error);                                                  \
        QVERIFY2(leak_.isEmpty(), qPrintable(QStringLiteral("secret leaked: ") + leak_));                    \
    } while (false)
