// The Graphy imitation, fault injection, keep-alive and the control API.
#include "HttpProbe.h"
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "SandboxTestCase.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

using namespace sandbox;

namespace {
const QString kAuth = QStringLiteral("mid=sandbox-mid&key=sandbox-graphy-key");
const QString kListRoute =
    QStringLiteral("GET /v1/databases/{databaseId}/collections/{collectionId}/documents");

QString emailQuery(const QString &email)
{
    return QStringLiteral("&query=") + QString::fromLatin1(QJsonDocument(QJsonObject{{"email", email}})
                                                               .toJson(QJsonDocument::Compact)
                                                               .toPercentEncoding());
}
} // namespace

class TestSandboxGraphyFaults : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void learnersV2Envelope();
    void learnersV1HasNoProgress();
    void graphyErrorsAndRoutes();
    void otherGraphyEndpoints();
    void progressControl();
    void v2CanBeDisabled();
    void errorFaultWithCount();
    void rateLimitFault();
    void dropFault();
    void malformedAndHtmlFaults();
    void truncatedFault();
    void hangFault();
    void latencyFault();
    void requestCounts();
    void stateAndReset();
    void keepAliveManyRequestsOneConnection();

private:
    QString someEmail(QString *courseId = nullptr);

    std::unique_ptr<HttpProbe> m_http;
};

void TestSandboxGraphyFaults::initTestCase()
{
    SandboxOptions options;
    options.learners = 300;
    options.seed = 7;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
    m_http = std::make_unique<HttpProbe>(m_host.graphyBase());
}

void TestSandboxGraphyFaults::init()
{
    QVERIFY(m_control->clearFaults());
    QVERIFY(m_control->setGraphyV2Enabled(true));
}

QString TestSandboxGraphyFaults::someEmail(QString *courseId)
{
    const ProbeReply r = m_http->appwrite("GET", "/databases/main/collections/learners/documents");
    const QJsonObject doc = r.json.value("documents").toArray().at(3).toObject();
    if (courseId)
        *courseId = doc.value("course_id").toString();
    return doc.value("email").toString();
}

void TestSandboxGraphyFaults::learnersV2Envelope()
{
    QString courseId;
    const QString email = someEmail(&courseId);
    const ProbeReply r =
        m_http->send("GET", "/public/v2/learners?" + kAuth + "&courseInfo=true&limit=1" + emailQuery(email));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.value("total").toInt(), 1);
    QCOMPARE(r.json.value("limit").toInt(), 1);
    const QJsonObject learner = r.json.value("data").toArray().first().toObject();
    QCOMPARE(learner.value("email").toString(), email);
    QVERIFY(learner.contains("created_date") && learner.contains("last_login"));
    const QJsonObject course = learner.value("courses").toArray().first().toObject();
    for (const char *key : {"id", "Title", "Assigned Date", "start date", "last access date", "progress",
                            "totalTime", "completed", "course items"})
        QVERIFY2(course.contains(key), key);
    const ProbeReply none =
        m_http->send("GET", "/public/v2/learners?" + kAuth + emailQuery("nobody@example.com"));
    QCOMPARE(none.status, 200);
    QCOMPARE(none.json.value("total").toInt(), 0);
    QCOMPARE(none.json.value("data").toArray().size(), 0);
    const ProbeReply noCourses = m_http->send("GET", "/public/v2/learners?" + kAuth + emailQuery(email));
    QVERIFY(!noCourses.json.value("data").toArray().first().toObject().contains("courses"));
}

void TestSandboxGraphyFaults::learnersV1HasNoProgress()
{
    const QString email = someEmail();
    const ProbeReply r =
        m_http->send("GET", "/public/v1/learners?" + kAuth + "&courseInfo=true" + emailQuery(email));
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.contains("skip"));
    const QJsonObject learner = r.json.value("data").toArray().first().toObject();
    QVERIFY(learner.contains("created date") && learner.contains("last login"));
    const QJsonObject course = learner.value("courses").toArray().first().toObject();
    QVERIFY(course.contains("Assigned Date"));
    QVERIFY(!course.contains("progress"));
    QVERIFY(!course.contains("completed"));
}

void TestSandboxGraphyFaults::graphyErrorsAndRoutes()
{
    ProbeReply r = m_http->send("GET", "/public/v2/learners?mid=sandbox-mid&key=wrong");
    QCOMPARE(r.status, 401);
    QCOMPARE(r.json.value("message").toString(),
             QStringLiteral("Invalid session! You must be logged in for this operation"));
    // Credentials from a form body count too.
    r = m_http->send("GET", "/public/v1/products", kAuth.toUtf8(),
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(r.status, 200);
    r = m_http->send("GET", "/public/v1/enrollments?" + kAuth);
    QCOMPARE(r.status, 404);
    QVERIFY(r.headers.value("content-type").startsWith("text/html"));
    r = m_http->send("GET", "/public/v1/learners/000000000000000000000000?" + kAuth);
    QCOMPARE(r.status, 404);
    QVERIFY(r.json.contains("error"));
}

void TestSandboxGraphyFaults::otherGraphyEndpoints()
{
    ProbeReply r = m_http->send("GET", "/public/v1/products?" + kAuth + "&limit=500");
    QCOMPARE(r.json.value("total").toInt(), 5);
    const QString productId = r.json.value("data").toArray().first().toObject().value("id").toString();
    QCOMPARE(productId.size(), 24);
    r = m_http->send("GET", "/public/v1/products/" + productId + "?" + kAuth);
    QVERIFY(r.json.value("items").isArray());
    const ProbeReply learners = m_http->send("GET", "/public/v1/learners?" + kAuth + "&limit=100&skip=0");
    QCOMPARE(learners.json.value("data").toArray().size(), 100);
    const QString learnerId = learners.json.value("data").toArray().first().toObject().value("id").toString();
    r = m_http->send("GET", "/public/v1/learners/" + learnerId + "?" + kAuth + "&courseInfo=true");
    QCOMPARE(r.json.value("id").toString(), learnerId);
    QVERIFY(r.json.contains("last login"));
    r = m_http->send("GET",
                     "/public/v1/learners/" + learnerId + "/usage?" + kAuth + "&productId=" + productId);
    QVERIFY(r.json.contains("time spent in secs"));
    QCOMPARE(m_http->send("GET", "/public/v1/learners/" + learnerId + "/usage?" + kAuth).status, 400);
    r = m_http->send("GET", "/t/api/public/v3/products/activelearners?" + kAuth + "&productIds=" + productId +
                                "&dateFrom=2025/01/01&dateTo=2026/12/31&limit=100");
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.value("total").toInt() > 0);
    QVERIFY(r.json.contains("skip"));
}

void TestSandboxGraphyFaults::progressControl()
{
    QString courseId;
    const QString email = someEmail(&courseId);
    QVERIFY(m_control->setProgress(email, courseId, 100, true, "all"));
    const ProbeReply r =
        m_http->send("GET", "/public/v2/learners?" + kAuth + "&courseInfo=true" + emailQuery(email));
    for (const QJsonValue &c : r.json.value("data").toArray().first().toObject().value("courses").toArray()) {
        if (c.toObject().value("id").toString() == courseId) {
            QCOMPARE(c.toObject().value("progress").toInt(), 100);
            QCOMPARE(c.toObject().value("completed").toBool(), true);
            for (const QJsonValue &item : c.toObject().value("course items").toArray())
                QVERIFY(item.toObject().value("completed").toBool());
        }
    }
    QVERIFY(!m_control->setProgress("nobody@example.com", courseId, 100, true));
    QCOMPARE(m_control->lastStatus(), 404);
}

void TestSandboxGraphyFaults::v2CanBeDisabled()
{
    QVERIFY(m_control->setGraphyV2Enabled(false));
    const ProbeReply r = m_http->send("GET", "/public/v2/learners?" + kAuth);
    QCOMPARE(r.status, 404);
    // Graphy itself says the route is not there (JSON); a gateway's page is the "html" fault.
    QVERIFY(r.headers.value("content-type").startsWith("application/json"));
    QCOMPARE(m_http->send("GET", "/public/v1/learners?" + kAuth).status, 200);
    QVERIFY(m_control->setGraphyV2Enabled(true));
    QVERIFY(m_control->addFault({{"api", "graphy"}, {"kind", "html"}, {"status", 404}, {"count", 1}}));
    const ProbeReply page = m_http->send("GET", "/public/v2/learners?" + kAuth);
    QCOMPARE(page.status, 404);
    QVERIFY(page.headers.value("content-type").startsWith("text/html"));
    QVERIFY(page.body.contains("404 Not Found"));
}

void TestSandboxGraphyFaults::errorFaultWithCount()
{
    QVERIFY(m_control->addFault({{"api", "graphy"}, {"kind", "error"}, {"status", 503}, {"count", 2}}));
    QCOMPARE(m_http->send("GET", "/public/v1/products?" + kAuth).status, 503);
    QCOMPARE(m_http->send("GET", "/public/v1/products?" + kAuth).status, 503);
    QCOMPARE(m_http->send("GET", "/public/v1/products?" + kAuth).status, 200);
    // Appwrite errors keep Appwrite's error shape; the path filter limits the rule.
    QVERIFY(m_control->addFault(
        {{"api", "appwrite"}, {"kind", "error"}, {"status", 500}, {"path", "/documents"}}));
    const ProbeReply r = m_http->appwrite("GET", "/databases/main/collections/learners/documents");
    QCOMPARE(r.status, 500);
    QCOMPARE(r.json.value("version").toString(), QStringLiteral("1.8.1"));
    QCOMPARE(m_http->appwrite("GET", "/health").status, 200);
}

void TestSandboxGraphyFaults::rateLimitFault()
{
    QVERIFY(
        m_control->addFault({{"api", "appwrite"}, {"kind", "rate_limit"}, {"retryAfter", 3}, {"count", 1}}));
    const ProbeReply r = m_http->appwrite("GET", "/health");
    QCOMPARE(r.status, 429);
    QCOMPARE(r.headers.value("retry-after"), QByteArray("3"));
    QVERIFY(r.headers.contains("x-ratelimit-reset"));
    QCOMPARE(r.type(), QStringLiteral("general_rate_limit_exceeded"));
}

void TestSandboxGraphyFaults::dropFault()
{
    // Unlimited: QNetworkAccessManager silently retries a GET once when a reused connection closes.
    QVERIFY(m_control->clearRequestCounts());
    QVERIFY(m_control->addFault({{"api", "graphy"}, {"kind", "drop"}}));
    const ProbeReply r = m_http->send("GET", "/public/v1/products?" + kAuth);
    QVERIFY(!r.timedOut);
    QCOMPARE(r.status, 0);
    QVERIFY(r.error != QNetworkReply::NoError);
    QVERIFY(m_control->requestCounts().value("graphy").toInt() >= 1);
    QVERIFY(m_control->clearFaults());
    QCOMPARE(m_http->send("GET", "/public/v1/products?" + kAuth).status, 200);
}

void TestSandboxGraphyFaults::malformedAndHtmlFaults()
{
    QVERIFY(m_control->addFault({{"api", "graphy"}, {"kind", "malformed"}, {"count", 1}}));
    ProbeReply r = m_http->send("GET", "/public/v1/products?" + kAuth);
    QCOMPARE(r.status, 200);
    QVERIFY(!r.isJson);
    QVERIFY(m_control->addFault({{"api", "graphy"}, {"kind", "html"}, {"count", 1}}));
    r = m_http->send("GET", "/public/v1/products?" + kAuth);
    QCOMPARE(r.status, 502);
    QVERIFY(r.headers.value("content-type").startsWith("text/html"));
}

void TestSandboxGraphyFaults::truncatedFault()
{
    QVERIFY(m_control->addFault({{"api", "appwrite"}, {"kind", "truncated"}, {"count", 1}}));
    const ProbeReply r = m_http->appwrite("GET", "/health");
    QVERIFY(!r.timedOut);
    QVERIFY(r.error != QNetworkReply::NoError || !r.isJson);
}

void TestSandboxGraphyFaults::hangFault()
{
    QVERIFY(m_control->addFault({{"api", "graphy"}, {"kind", "hang"}, {"count", 1}}));
    const ProbeReply r = m_http->send("GET", "/public/v1/products?" + kAuth, {}, {}, 400);
    QVERIFY(r.timedOut);
    QCOMPARE(m_http->send("GET", "/public/v1/products?" + kAuth).status, 200); // other connections unaffected
}

void TestSandboxGraphyFaults::latencyFault()
{
    QVERIFY(m_control->addFault({{"api", "graphy"}, {"kind", "latency"}, {"latencyMs", 150}, {"count", 1}}));
    const ProbeReply slow = m_http->send("GET", "/public/v1/products?" + kAuth);
    QCOMPARE(slow.status, 200);
    QVERIFY2(slow.elapsedMs >= 140, qPrintable(QString::number(slow.elapsedMs)));
    QVERIFY(m_control->faults().value("rules").toArray().first().toObject().value("count").toInt() == 0);
}

void TestSandboxGraphyFaults::requestCounts()
{
    QVERIFY(m_control->clearRequestCounts());
    m_http->appwrite("GET", "/databases/main/collections/learners/documents");
    m_http->appwrite("GET", "/databases/main/collections/webhook_events/documents");
    QVERIFY(m_control->addFault({{"api", "graphy"}, {"kind", "error"}, {"count", 1}}));
    m_http->send("GET", "/public/v2/learners?" + kAuth);
    const QJsonObject counts = m_control->requestCounts();
    QCOMPARE(counts.value("appwrite").toInt(), 2);
    QCOMPARE(counts.value("graphy").toInt(), 1);
    QCOMPARE(counts.value("total").toInt(), 3);
    QCOMPARE(counts.value("routes").toObject().value(kListRoute).toInt(), 2);
    QCOMPARE(counts.value("routes").toObject().value("GET /public/v2/learners").toInt(),
             1); // faulted, still counted
}

void TestSandboxGraphyFaults::stateAndReset()
{
    QVERIFY(m_control->reset({{"seed", 3}, {"learners", 50}, {"completedShare", 0.5}}));
    const QJsonObject state = m_control->state();
    const QJsonArray learners = state.value("collections").toObject().value("learners").toArray();
    QCOMPARE(learners.size(), 50);
    QVERIFY(state.value("graphy").toObject().value("learners").toArray().size() > 40);
    QSet<QString> emails;
    for (const QJsonValue &l : learners)
        emails.insert(l.toObject().value("email").toString());
    QCOMPARE(emails.size(), 50);
    // Deterministic: the same seed gives the same world.
    QVERIFY(m_control->reset({{"seed", 3}, {"learners", 50}, {"completedShare", 0.5}}));
    QCOMPARE(m_control->state(), state);
    QCOMPARE(m_control->faults().value("rules").toArray().size(), 0);
    QCOMPARE(m_control->requestCounts().value("total").toInt(), 0);
    // Restore the original world for the other tests.
    QVERIFY(m_control->reset({{"seed", 7}, {"learners", 300}, {"completedShare", 0.3}}));
}

void TestSandboxGraphyFaults::keepAliveManyRequestsOneConnection()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_host.port());
    QVERIFY(socket.waitForConnected(2000));
    const QByteArray request = "GET /v1/health/version HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    QElapsedTimer clock;
    clock.start();
    const int n = 500;
    for (int i = 0; i < n; ++i) {
        socket.write(request);
        QByteArray received;
        while (!received.contains("\r\n\r\n") || !received.endsWith("}")) {
            QVERIFY(socket.waitForReadyRead(2000));
            received += socket.readAll();
        }
        QVERIFY(received.startsWith("HTTP/1.1 200"));
    }
    QVERIFY(socket.state() == QAbstractSocket::ConnectedState);
    qInfo("%d sequential keep-alive requests in %lld ms", n, clock.elapsed());
    // Connection: close is honoured.
    socket.write("GET /v1/health/version HTTP/1.1\r\nConnection: close\r\n\r\n");
    QVERIFY(socket.waitForDisconnected(2000) || socket.state() == QAbstractSocket::UnconnectedState);
    // A malformed request line gets 400.
    QTcpSocket bad;
    bad.connectToHost(QHostAddress::LocalHost, m_host.port());
    QVERIFY(bad.waitForConnected(2000));
    bad.write("NONSENSE\r\n\r\n");
    QVERIFY(bad.waitForReadyRead(2000));
    QVERIFY(bad.readAll().startsWith("HTTP/1.1 400"));
}

QTEST_GUILESS_MAIN(TestSandboxGraphyFaults)
#include "tst_sandbox_graphy_faults.moc"
