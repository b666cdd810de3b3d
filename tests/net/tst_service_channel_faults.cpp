// ServiceChannel under injected faults, through the real clients and a real SandboxHost: retries
// (counted by the sandbox), Retry-After, timeouts, non-retryable requests, the response size limit
// and the plain-http guard.
#include "NetTestKit.h"
#include "RecordingServer.h"
#include "SandboxTestCase.h"
#include "net/SecretRedactor.h"

#include <QElapsedTimer>
#include <QSignalSpy>

using namespace cc;
using namespace nettest;
using sandbox::SandboxHost;

class TestServiceChannelFaults : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void retriesThenOutcome_data();
    void retriesThenOutcome();
    void retryAfterIsHonoured_data();
    void retryAfterIsHonoured();
    void hangTimesOutPerAttempt();
    void nonRetryableSentOnce_data();
    void nonRetryableSentOnce();
    void deterministicCreateIsRetried();
    void droppedNonRetryableIsNotResent_data();
    void droppedNonRetryableIsNotResent();
    void responseSizeLimit();
    void secretAcrossTheSnippetCutNeverHalfShown_data();
    void secretAcrossTheSnippetCutNeverHalfShown();
    void plainHttpToRemoteHostRefused_data();
    void plainHttpToRemoteHostRefused();
    void noSecretInAnyError();

private:
    bool fault(const QJsonObject &rule) { return m_control->addFault(rule); }
    std::optional<Result<DocumentList>> list(AppwriteClient *client, const QList<AppwriteQuery> &q = {})
    {
        return listDocuments(client, q);
    }
};

void TestServiceChannelFaults::initTestCase()
{
    QString error;
    QVERIFY2(startSandbox(demoSandboxOptions(30, 9), &error, 10000), qPrintable(error));
}

void TestServiceChannelFaults::init()
{
    QVERIFY(m_control->clearFaults());
    QVERIFY(m_control->clearRequestCounts());
}

void TestServiceChannelFaults::retriesThenOutcome_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("count");    // fault applications; -1 = always
    QTest::addColumn<int>("requests"); // reaching the sandbox; -1 = at least `attempts`
    QTest::addColumn<int>("attempts"); // sent by the channel
    QTest::addColumn<bool>("succeeds");
    QTest::addColumn<int>("errorKind");
    QTest::addColumn<QString>("errorType");
    using K = ServiceError::Kind;
    // A dropped connection is also resent by Qt's HTTP stack itself (see droppedNonRetryableIsNotResent),
    // so only the sandbox's count is exact when the drop happens once.
    QTest::newRow("503 twice, then 200") << "error" << 503 << 2 << 3 << 3 << true << int(K::None) << "";
    QTest::newRow("500 always") << "error" << 500 << -1 << 3 << 3 << false << int(K::Http)
                                << "general_unknown";
    QTest::newRow("503 always") << "error" << 503 << -1 << 3 << 3 << false << int(K::Http)
                                << "general_server_error";
    QTest::newRow("dropped once, then 200") << "drop" << 0 << 1 << 2 << -1 << true << int(K::None) << "";
    QTest::newRow("dropped always") << "drop" << 0 << -1 << -1 << 3 << false << int(K::Network)
                                    << "network_error";
    QTest::newRow("truncated once, then 200")
        << "truncated" << 0 << 1 << 2 << 2 << true << int(K::None) << "";
    QTest::newRow("truncated always")
        << "truncated" << 0 << -1 << 3 << 3 << false << int(K::Network) << "incomplete_response";
    QTest::newRow("html 502 always") << "html" << 0 << -1 << 3 << 3 << false << int(K::Http) << "http_502";
    QTest::newRow("malformed json (200)")
        << "malformed" << 0 << -1 << 1 << 1 << false << int(K::Malformed) << "malformed_response";
}

void TestServiceChannelFaults::retriesThenOutcome()
{
    QFETCH(QString, kind);
    QFETCH(int, status);
    QFETCH(int, count);
    QFETCH(int, requests);
    QFETCH(int, attempts);
    QFETCH(bool, succeeds);
    QFETCH(int, errorKind);
    QFETCH(QString, errorType);
    QJsonObject rule{{"api", "appwrite"},
                     {"kind", kind},
                     {"count", count},
                     {"path", familytest::translated(QStringLiteral("/documents"))}};
    if (status)
        rule.insert("status", status);
    QVERIFY(fault(rule));
    Rig rig(m_host, fastSettings(QStringLiteral("appwrite")));
    QCOMPARE(rig.channel->settings().retry.maxAttempts, 3);
    const auto r = list(rig.appwrite.get(), {AppwriteQuery::limit(5)});
    QVERIFY(r);
    const int seen = m_control->routeCount(kListRoute);
    if (requests >= 0)
        QCOMPARE(seen, requests);
    else
        QVERIFY2(seen >= attempts, qPrintable(QString::number(seen)));
    if (attempts >= 0)
        QCOMPARE(rig.channel->stats().requests, qint64(attempts));
    if (succeeds) {
        QVERIFY2(r->ok(), qPrintable(r->error().toString()));
        QCOMPARE(r->value().documents.size(), 5);
        if (attempts >= 0)
            QCOMPARE(rig.channel->stats().retries, qint64(attempts - 1));
        return;
    }
    QVERIFY(!r->ok());
    const ServiceError &e = r->error();
    QCOMPARE(int(e.kind), errorKind);
    QCOMPARE(e.type, errorType);
    QCOMPARE(e.attempts, attempts);
    QCOMPARE(e.service, QStringLiteral("appwrite"));
    QCOMPARE(e.operation, familytest::translated(QStringLiteral("listDocuments")));
    QVERIFY(!e.message.isEmpty());
    QVERIFY2(e.toString().startsWith(familytest::translated(QStringLiteral("appwrite listDocuments: "))),
             qPrintable(e.toString()));
    QVERIFY(e.detail.contains(QStringLiteral("GET ")));
    if (kind == "html") {
        QCOMPARE(e.httpStatus, 502);
        QVERIFY2(e.message.contains(QStringLiteral("text/html")), qPrintable(e.message));
    }
    if (kind == "malformed")
        QVERIFY2(e.message.contains(QStringLiteral("JSON")), qPrintable(e.message));
    NET_VERIFY_NO_SECRET(e);
}

void TestServiceChannelFaults::retryAfterIsHonoured_data()
{
    QTest::addColumn<QString>("api");
    QTest::newRow("appwrite 429, Retry-After: 1") << "appwrite";
    QTest::newRow("graphy 429, Retry-After: 1") << "graphy";
}

void TestServiceChannelFaults::retryAfterIsHonoured()
{
    QFETCH(QString, api);
    QVERIFY(fault({{"api", api}, {"kind", "rate_limit"}, {"count", 1}, {"retryAfter", 1}}));
    Rig rig(m_host, fastSettings(api));
    QElapsedTimer timer;
    timer.start();
    bool ok = false;
    if (api == "appwrite") {
        const auto r = list(rig.appwrite.get(), {AppwriteQuery::limit(1)});
        ok = r && r->ok();
        QCOMPARE(m_control->routeCount(kListRoute), 2);
    } else {
        const auto r = await<GraphyLearner>(
            [&](QObject *ctx, auto done) { rig.graphy->learnerByEmail("x@example.com", ctx, done); });
        ok = r && r->ok();
        QCOMPARE(m_control->routeCount(kV2Route), 2);
    }
    const qint64 elapsed = timer.elapsed();
    QVERIFY(ok);
    QVERIFY2(elapsed >= 900,
             qPrintable(QString::number(elapsed))); // 1 s (coarse timer), not the 10 ms backoff
}

void TestServiceChannelFaults::hangTimesOutPerAttempt()
{
    QVERIFY(fault({{"api", "appwrite"},
                   {"kind", "hang"},
                   {"path", familytest::translated(QStringLiteral("/documents"))}}));
    ServiceChannel::Settings s = fastSettings(QStringLiteral("appwrite"));
    s.timeoutMs = 400;
    s.retry.maxAttempts = 2;
    Rig rig(m_host, s);
    QElapsedTimer timer;
    timer.start();
    const auto r = list(rig.appwrite.get());
    const qint64 elapsed = timer.elapsed();
    QVERIFY(r && !r->ok());
    QCOMPARE(r->error().kind, ServiceError::Kind::Timeout);
    QCOMPARE(r->error().type, QStringLiteral("timeout"));
    QCOMPARE(r->error().attempts, 2);
    QVERIFY(r->error().message.contains(QStringLiteral("400 ms")));
    // Qt coarse timers may fire up to 5 % early: lower bounds leave 10 %.
    QVERIFY2(elapsed >= 720 && elapsed < 4000, qPrintable(QString::number(elapsed)));
    QCOMPARE(m_control->routeCount(kListRoute), 2);
    NET_VERIFY_NO_SECRET(r->error());
}

void TestServiceChannelFaults::nonRetryableSentOnce_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<QString>("route");
    QTest::newRow("createExecution") << "execution" << kExecRoute;
    QTest::newRow("createDocument unique()") << "uniqueDocument" << kCreateRoute;
}

void TestServiceChannelFaults::nonRetryableSentOnce()
{
    QFETCH(QString, call);
    QFETCH(QString, route);
    QVERIFY(fault({{"api", "appwrite"}, {"kind", "error"}, {"status", 503}, {"method", "POST"}}));
    Rig rig(m_host, fastSettings(QStringLiteral("appwrite")));
    std::optional<ServiceError> error;
    if (call == "execution") {
        const auto r = await<QJsonObject>([&](QObject *ctx, auto done) {
            rig.appwrite->createExecution(m_host.options().functionId, "{}", false, ctx, done);
        });
        QVERIFY(r && !r->ok());
        error = r->error();
    } else {
        const auto r = await<CreateOutcome>([&](QObject *ctx, auto done) {
            rig.appwrite->createDocument(
                kLearners, "unique()",
                {{"email", "u@example.com"}, {"course_id", "c"}, {"status", "enrolled"}}, ctx, done);
        });
        QVERIFY(r && !r->ok());
        error = r->error();
    }
    QCOMPARE(error->httpStatus, 503);
    QCOMPARE(error->attempts, 1);
    QVERIFY(error->isTransient()); // transient, yet never sent twice: the next run decides
    QCOMPARE(m_control->routeCount(route), 1);
    NET_VERIFY_NO_SECRET(*error);
}

void TestServiceChannelFaults::deterministicCreateIsRetried()
{
    QVERIFY(
        fault({{"api", "appwrite"}, {"kind", "error"}, {"status", 503}, {"method", "POST"}, {"count", 1}}));
    Rig rig(m_host, fastSettings(QStringLiteral("appwrite")));
    const auto r = await<CreateOutcome>([&](QObject *ctx, auto done) {
        rig.appwrite->createDocument(kLearners, "retry-me-1",
                                     {{"email", "r@example.com"}, {"course_id", "c"}, {"status", "enrolled"}},
                                     ctx, done);
    });
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    QVERIFY(r->value().created);
    QCOMPARE(m_control->routeCount(kCreateRoute), 2);
}

void TestServiceChannelFaults::droppedNonRetryableIsNotResent_data()
{
    QTest::addColumn<bool>("warmConnection"); // a keep-alive connection exists before the POST
    QTest::newRow("fresh connection") << false;
    QTest::newRow("reused keep-alive connection") << true;
}

void TestServiceChannelFaults::droppedNonRetryableIsNotResent()
{
    QFETCH(bool, warmConnection);
    Rig rig(m_host, fastSettings(QStringLiteral("appwrite")));
    if (warmConnection) {
        const auto v = await<QString>([&](QObject *ctx, auto done) { rig.appwrite->version(ctx, done); });
        QVERIFY(v && v->ok());
    }
    QVERIFY(fault({{"api", "appwrite"}, {"kind", "drop"}, {"method", "POST"}, {"count", 1}}));
    const auto r = await<QJsonObject>([&](QObject *ctx, auto done) {
        rig.appwrite->createExecution(m_host.options().functionId, "{}", false, ctx, done);
    });
    QVERIFY(r);
    // AppwriteClient::createExecution: "an execution runs the function: never send it twice".
    // Qt's HTTP stack resends a request whose connection closed before any answer, whatever the
    // method, and ServiceChannel does nothing against it: the sandbox sees the POST twice.
    QEXPECT_FAIL("", "a non-retryable POST is resent by QNetworkAccessManager after a dropped connection",
                 Abort);
    QCOMPARE(m_control->routeCount(kExecRoute), 1);
    QVERIFY(!r->ok());
    QCOMPARE(r->error().kind, ServiceError::Kind::Network);
    QCOMPARE(r->error().attempts, 1);
}

void TestServiceChannelFaults::responseSizeLimit()
{
    ServiceChannel::Settings s = fastSettings(QStringLiteral("appwrite"));
    s.maxResponseBytes = 2000;
    Rig rig(m_host, s);
    const auto small = await<QString>([&](QObject *ctx, auto done) { rig.appwrite->version(ctx, done); });
    QVERIFY(small && small->ok());
    const auto big = list(rig.appwrite.get(), {AppwriteQuery::limit(25)});
    QVERIFY(big && !big->ok());
    QCOMPARE(big->error().kind, ServiceError::Kind::TooLarge);
    QCOMPARE(big->error().type, QStringLiteral("response_too_large"));
    QCOMPARE(big->error().attempts, 1);
    QVERIFY(big->error().message.contains(QStringLiteral("2000")));
    QCOMPARE(m_control->routeCount(kListRoute), 1);
    NET_VERIFY_NO_SECRET(big->error());
}

void TestServiceChannelFaults::secretAcrossTheSnippetCutNeverHalfShown_data()
{
    QTest::addColumn<int>("offset"); // where the secret starts in the message; the body has 12 before it
    for (int offset : {0, 250, 270, 280, 282, 290})
        QTest::addRow("at %d", offset) << offset;
}

void TestServiceChannelFaults::secretAcrossTheSnippetCutNeverHalfShown()
{
    // The channel shows the first 300 characters of an error body. A secret that starts just
    // before the cut must be redacted whole, not cut first and then missed by the redactor.
    QFETCH(int, offset);
    const QByteArray secret = "snippet-cut-secret-0123456789abcdef";
    SecretRedactor::registerSecret(QString::fromLatin1(secret));
    RecordingServer server("{\"message\":\"" + QByteArray(offset, 'x') + secret + QByteArray(40, 'y') + "\"}",
                           500);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    ServiceChannel::Settings s = fastSettings(QStringLiteral("appwrite"));
    s.retry.maxAttempts = 1;
    QNetworkAccessManager nam;
    ServiceChannel channel(s, &nam, SystemClock::instance());
    HttpRequestSpec spec;
    spec.url = QUrl(server.base().toString() + QStringLiteral("/v1/anything"));
    spec.operation = QStringLiteral("probe");
    const auto r = awaitSend(&channel, spec);
    QVERIFY(r && !r->ok());
    QCOMPARE(r->error.httpStatus, 500);
    for (const QString &text : {r->error.detail, r->error.message, r->error.toString()}) {
        for (int len = 6; len <= secret.size(); ++len) // any visible piece of it is a leak
            QVERIFY2(!text.contains(QString::fromLatin1(secret.left(len))), qPrintable(text.right(120)));
    }
}

void TestServiceChannelFaults::plainHttpToRemoteHostRefused_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("url");
    QTest::newRow("appwrite http remote") << "appwrite"
                                          << "http://cloud.appwrite.io/v1";
    QTest::newRow("appwrite http LAN address") << "appwrite"
                                               << "http://192.168.1.10/v1";
    QTest::newRow("graphy http remote") << "graphy"
                                        << "http://api.ongraphy.com";
    QTest::newRow("graphy ftp") << "graphy"
                                << "ftp://127.0.0.1";
}

void TestServiceChannelFaults::plainHttpToRemoteHostRefused()
{
    QFETCH(QString, service);
    QFETCH(QString, url);
    Rig rig(m_host, fastSettings(service));
    std::optional<ServiceError> error;
    if (service == "appwrite") {
        AppwriteSettings a = appwriteSettings(m_host);
        a.endpoint = QUrl(url);
        AppwriteClient client(a, rig.channel.get());
        const auto r = list(&client);
        QVERIFY(r && !r->ok());
        error = r->error();
    } else {
        GraphySettings g = graphySettings(m_host, kGraphyKey);
        g.apiBase = QUrl(url);
        GraphyClient client(g, rig.channel.get());
        const auto r = await<GraphyLearner>(
            [&](QObject *ctx, auto done) { client.learnerByEmail("a@example.com", ctx, done); });
        QVERIFY(r && !r->ok());
        error = r->error();
    }
    QCOMPARE(error->kind, ServiceError::Kind::Config);
    QCOMPARE(error->type, QStringLiteral("insecure_url"));
    QCOMPARE(error->attempts, 0);
    QVERIFY(!error->isTransient());
    QCOMPARE(rig.channel->stats().requests, qint64(0));
    QCOMPARE(m_control->requestCounts().value("total").toInt(), 0);
    NET_VERIFY_NO_SECRET(*error);
}

void TestServiceChannelFaults::noSecretInAnyError()
{
    QVERIFY(seenErrorTexts().size() >= 12 * 6); // 6 texts per error
    for (const QString &text : seenErrorTexts()) {
        for (const QString &secret : secretForms())
            QVERIFY2(!text.contains(secret, Qt::CaseInsensitive), qPrintable(text));
    }
}

QTEST_GUILESS_MAIN(TestServiceChannelFaults)
#include "tst_service_channel_faults.moc"
