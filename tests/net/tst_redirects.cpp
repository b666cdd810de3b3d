// Redirects from either service, through the real clients against the sandbox: a key never goes
// to a host other than the configured one, a write is never re-sent to a redirect (Qt would turn
// a POST/PATCH into a GET and the client would report "written"), and the error names the target.
#include "NetTestKit.h"
#include "RecordingServer.h"
#include "SandboxTestCase.h"

#include <QSignalSpy>

using namespace cc;
using namespace nettest;
using sandbox::SandboxHost;

namespace {
const QString kEvents = QStringLiteral("webhook_events");

// One request of each kind the checker sends, waited for; returns its error (kind None on success).
ServiceError sendOne(const QString &kind, Rig &appwrite, Rig &graphy, const QString &learnerId,
                     const QString &email)
{
    auto errorOf = [](const auto &r) { return r ? (r->ok() ? ServiceError() : r->error()) : ServiceError(); };
    if (kind == QLatin1String("list"))
        return errorOf(listDocuments(appwrite.appwrite.get(), {AppwriteQuery::limit(5)}, kLearners));
    if (kind == QLatin1String("get"))
        return errorOf(await<QJsonObject>([&](QObject *ctx, auto done) {
            appwrite.appwrite->getDocument(kLearners, learnerId, ctx, done);
        }));
    if (kind == QLatin1String("create"))
        return errorOf(await<CreateOutcome>([&](QObject *ctx, auto done) {
            appwrite.appwrite->createDocument(kEvents, QStringLiteral("fedcba9876543210fedcba9876543210"),
                                              {{"event_id", "completion_redirect"}, {"source", "test"}}, ctx,
                                              done);
        }));
    if (kind == QLatin1String("update"))
        return errorOf(await<QJsonObject>([&](QObject *ctx, auto done) {
            appwrite.appwrite->updateDocument(kLearners, learnerId, {{"status", "redirected"}}, ctx, done);
        }));
    return errorOf(await<GraphyLearner>(
        [&](QObject *ctx, auto done) { graphy.graphy->learnerByEmail(email, ctx, done); }));
}
} // namespace

class TestRedirects : public SandboxTestCase
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void toAnotherHostIsRefused_data();
    void toAnotherHostIsRefused();
    void readFollowsOnTheSameHost();
    void writeIsNeverResent_data();
    void writeIsNeverResent();
    void withoutLocationIsAnError();
    void loopEnds();

private:
    QJsonObject learner() const { return m_control->documents(kLearners).at(3).toObject(); }

    std::unique_ptr<Rig> m_appwrite;
    std::unique_ptr<Rig> m_graphy;
    std::unique_ptr<RecordingServer> m_stranger;
};

void TestRedirects::initTestCase()
{
    QString error;
    QVERIFY2(startSandbox(demoSandboxOptions(20, 3), &error, 10000), qPrintable(error));
    m_appwrite = std::make_unique<Rig>(m_host, fastSettings(QStringLiteral("appwrite")));
    m_graphy = std::make_unique<Rig>(m_host, fastSettings(QStringLiteral("graphy")));
    m_stranger = std::make_unique<RecordingServer>(
        QByteArrayLiteral("{\"total\":0,\"documents\":[],\"rows\":[],\"data\":[]}"));
    QVERIFY2(m_stranger->start(&error), qPrintable(error));
}

void TestRedirects::init()
{
    QVERIFY(m_control->clearFaults());
}

void TestRedirects::toAnotherHostIsRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("status");
    for (const char *kind : {"list", "get", "create", "update", "graphy lookup"}) {
        for (int status : {301, 302, 307, 308})
            QTest::addRow("%s %d", kind, status) << QString::fromLatin1(kind) << status;
    }
}

void TestRedirects::toAnotherHostIsRefused()
{
    QFETCH(QString, kind);
    QFETCH(int, status);
    const bool graphy = kind.startsWith(QLatin1String("graphy"));
    QVERIFY(m_control->addFault({{"api", graphy ? "graphy" : "appwrite"},
                                 {"kind", "redirect"},
                                 {"status", status},
                                 {"location", m_stranger->base().toString()}}));
    const QJsonObject before = learner();
    const qsizetype strangerRequests = m_stranger->requests().size();

    const ServiceError error = sendOne(kind, *m_appwrite, *m_graphy, before.value("$id").toString(),
                                       before.value("email").toString());

    QVERIFY2(error.kind == ServiceError::Kind::Redirect, qPrintable(error.toString() + "\n" + error.detail));
    QVERIFY(error.isConfigurationFailure()); // a run stops on it and does not report success
    QVERIFY2(error.message.contains(m_stranger->base().host()) &&
                 error.message.contains("update the endpoint"),
             qPrintable(error.message));
    QVERIFY2(leakedSecret(error).isEmpty(), qPrintable(leakedSecret(error))); // the target URL is redacted
    QCOMPARE(m_stranger->requests().size(), strangerRequests); // nothing, let alone a key, went there
    QCOMPARE(learner(), before);                               // and nothing was written here
}

void TestRedirects::readFollowsOnTheSameHost()
{
    // A deployment that moved a path on the same host: a read follows it, with the key.
    const QString self = m_host.appwriteEndpoint().adjusted(QUrl::RemovePath).toString();
    QVERIFY(m_control->addFault(
        {{"api", "appwrite"}, {"kind", "redirect"}, {"status", 301}, {"location", self}, {"count", 1}}));
    const auto r = listDocuments(m_appwrite->appwrite.get(), {AppwriteQuery::limit(5)}, kLearners);
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    QCOMPARE(r->value().documents.size(), 5);
}

void TestRedirects::writeIsNeverResent_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("status");
    for (int status : {301, 302, 303, 307, 308}) {
        QTest::addRow("create %d", status) << "create" << status;
        QTest::addRow("update %d", status) << "update" << status;
    }
}

void TestRedirects::writeIsNeverResent()
{
    QFETCH(QString, kind);
    QFETCH(int, status);
    const QString self = m_host.appwriteEndpoint().adjusted(QUrl::RemovePath).toString();
    QVERIFY(m_control->addFault(
        {{"api", "appwrite"}, {"kind", "redirect"}, {"status", status}, {"location", self}, {"count", 1}}));
    const QJsonObject before = learner();
    const int eventsBefore = int(m_control->documents(kEvents).size());
    const ServiceError error = sendOne(kind, *m_appwrite, *m_graphy, before.value("$id").toString(), {});
    QVERIFY2(error.kind == ServiceError::Kind::Redirect, qPrintable(error.toString() + "\n" + error.detail));
    QVERIFY2(error.message.contains("never re-sent"), qPrintable(error.message));
    QCOMPARE(learner(), before);
    QCOMPARE(int(m_control->documents(kEvents).size()), eventsBefore);
}

void TestRedirects::withoutLocationIsAnError()
{
    QVERIFY(m_control->addFault({{"api", "graphy"}, {"kind", "redirect"}, {"status", 302}}));
    const QJsonObject l = learner();
    const ServiceError error =
        sendOne("graphy lookup", *m_appwrite, *m_graphy, {}, l.value("email").toString());
    QVERIFY2(error.kind == ServiceError::Kind::Redirect, qPrintable(error.toString() + "\n" + error.detail));
    QCOMPARE(error.httpStatus, 302);
    QVERIFY2(error.message.contains("without saying where"), qPrintable(error.message));
}

void TestRedirects::loopEnds()
{
    // A redirect to itself, forever: the call ends with an error after a handful of requests.
    const QString self = m_host.appwriteEndpoint().adjusted(QUrl::RemovePath).toString();
    QVERIFY(m_control->addFault(
        {{"api", "appwrite"}, {"kind", "redirect"}, {"status", 302}, {"location", self}}));
    QVERIFY(m_control->clearRequestCounts());
    const ServiceError error = sendOne("list", *m_appwrite, *m_graphy, {}, {});
    QVERIFY2(error.kind == ServiceError::Kind::Redirect, qPrintable(error.toString()));
    QVERIFY2(error.message.contains("more than 5 times"), qPrintable(error.message));
    const int sent = m_control->routeCount(familytest::translated(
        QStringLiteral("GET /v1/databases/{databaseId}/collections/{collectionId}/documents")));
    // The first request and five followed hops; a refused redirect is not retried.
    QVERIFY2(sent == 6, qPrintable(QString::number(sent) + " " + error.toString()));
}

QTEST_GUILESS_MAIN(TestRedirects)
#include "tst_redirects.moc"
