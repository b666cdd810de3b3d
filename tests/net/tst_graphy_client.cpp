// GraphyClient against a real SandboxHost over loopback HTTP: learner lookups (v2 and the v1
// fallback), course parsing, products and active learners with paging, credentials, and a key full
// of URL-special characters that must work and must never show up in any error.
#include "NetTestKit.h"

#include <QJsonDocument>
#include <QSet>

using namespace cc;
using namespace nettest;
using sandbox::SandboxHost;
using sandbox::SandboxOptions;

namespace {
const QString kV1Route = QStringLiteral("GET /public/v1/learners");
const QString kProductsRoute = QStringLiteral("GET /public/v1/products");
const QString kActiveRoute = QStringLiteral("GET /t/api/public/v3/products/activelearners");
} // namespace

class TestGraphyClient : public ClientTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void learnerByEmail_data();
    void learnerByEmail();
    void courseFieldsWithSpacesParsed();
    void progressFlipIsSeen();
    void wrongKeyIsAuthFailure();
    void v1FallbackWhenV2Disabled();
    void gatewayPagesDoNotSwitchToV1();
    void onlyPagesForLongSwitchesThenReprobes();
    void products();
    void activeLearnersPaged();
    void productsPaged();
    void specialKeyWorks();
    void specialKeyNeverLeaks_data();
    void specialKeyNeverLeaks();
    void noSecretInAnyError();

private:
    std::optional<Result<GraphyLearner>> lookup(GraphyClient *client, const QString &email)
    {
        return await<GraphyLearner>(
            [&](QObject *ctx, auto done) { client->learnerByEmail(email, ctx, done); });
    }
    QJsonObject graphyLearnerJson(const QString &email)
    {
        const QJsonArray all = m_control->state().value("graphy").toObject().value("learners").toArray();
        for (const QJsonValue &v : all) {
            if (v.toObject().value("email").toString() == email)
                return v.toObject();
        }
        return {};
    }

    DemoLearners m_demo;
    // A second sandbox whose Graphy key has '+', '/', ' ', '&' and '=' in it.
    struct
    {
        SandboxHost host;
        std::unique_ptr<SandboxControl> control;
    } m_special;
    auto &special() { return m_special; }
};

void TestGraphyClient::initTestCase()
{
    QString error;
    QVERIFY2(startWithRig(demoSandboxOptions(150, 5), QStringLiteral("graphy"), &error), qPrintable(error));
    m_demo = demoLearners(*m_control);
    QVERIFY(!m_demo.completed.isEmpty());
    QVERIFY(!m_demo.inProgress.isEmpty());
    QVERIFY(!m_demo.unknown.isEmpty());
}

void TestGraphyClient::init()
{
    QVERIFY(m_control->clearFaults());
    QVERIFY(m_control->setGraphyV2Enabled(true));
}

void TestGraphyClient::learnerByEmail_data()
{
    QTest::addColumn<QString>("which");
    QTest::newRow("completed") << "completed";
    QTest::newRow("in progress") << "inProgress";
    QTest::newRow("unknown to Graphy") << "unknown";
}

void TestGraphyClient::learnerByEmail()
{
    QFETCH(QString, which);
    const QJsonObject doc = which == "completed"    ? m_demo.completed
                            : which == "inProgress" ? m_demo.inProgress
                                                    : m_demo.unknown;
    const QString email = doc.value("email").toString();
    const QString courseId = doc.value("course_id").toString();
    const auto r = lookup(m_rig->graphy.get(), email);
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    const GraphyLearner &l = r->value();
    QCOMPARE(l.apiVersion, QStringLiteral("v2"));
    if (which == "unknown") {
        QVERIFY(!l.found);
        QVERIFY(l.courses.isEmpty());
        return;
    }
    QVERIFY(l.found);
    QCOMPARE(l.email, email);
    QVERIFY(!l.id.isEmpty());
    QVERIFY(!l.name.isEmpty());
    const GraphyCourse *c = l.course(courseId);
    QVERIFY2(c, qPrintable(courseId));
    QVERIFY(c->progress.has_value());
    QVERIFY(c->completed.has_value());
    QVERIFY(c->hasItems);
    QVERIFY(!c->items.isEmpty());
    if (which == "completed") {
        QCOMPARE(*c->completed, true);
        QVERIFY(*c->progress >= 100);
        for (const GraphyCourseItem &item : c->items)
            QCOMPARE(item.completed, std::optional<bool>(true));
    } else {
        QCOMPARE(*c->completed, false);
        QVERIFY(*c->progress < 100);
    }
}

void TestGraphyClient::courseFieldsWithSpacesParsed()
{
    const QString email = m_demo.completed.value("email").toString();
    const QString courseId = m_demo.completed.value("course_id").toString();
    QJsonObject raw;
    for (const QJsonValue &c : graphyLearnerJson(email).value("courses").toArray()) {
        if (c.toObject().value("id").toString() == courseId)
            raw = c.toObject();
    }
    QVERIFY(raw.contains("Assigned Date") && raw.contains("course items"));
    const auto r = lookup(m_rig->graphy.get(), email);
    QVERIFY(r && r->ok());
    const GraphyCourse *c = r->value().course(courseId);
    QVERIFY(c);
    QCOMPARE(c->title, raw.value("Title").toString());
    QVERIFY(!c->title.isEmpty());
    QCOMPARE(c->assignedDate, raw.value("Assigned Date").toString());
    QVERIFY(!c->assignedDate.isEmpty());
    QCOMPARE(c->lastAccessDate, raw.value("last access date").toString());
    QCOMPARE(c->startDate, raw.value("start date").toString());
    QCOMPARE(*c->totalTime, raw.value("totalTime").toDouble());
    const QJsonArray items = raw.value("course items").toArray();
    QCOMPARE(c->items.size(), items.size());
    for (int i = 0; i < items.size(); ++i) {
        QCOMPARE(c->items[i].title, items[i].toObject().value("title").toString());
        QCOMPARE(c->items[i].type, items[i].toObject().value("type").toString());
        QCOMPARE(c->items[i].totalTime, items[i].toObject().value("totalTime").toDouble());
    }
    QCOMPARE(c->raw, raw);
}

void TestGraphyClient::progressFlipIsSeen()
{
    const QString email = m_demo.inProgress.value("email").toString();
    const QString courseId = m_demo.inProgress.value("course_id").toString();
    QVERIFY(m_control->setProgress(email, courseId, 100, true, QStringLiteral("all")));
    const auto r = lookup(m_rig->graphy.get(), email);
    QVERIFY(r && r->ok());
    const GraphyCourse *c = r->value().course(courseId);
    QVERIFY(c);
    QCOMPARE(c->completed, std::optional<bool>(true));
    QCOMPARE(c->progress, std::optional<double>(100));
    QVERIFY(m_control->setProgress(email, courseId, 40, false, 0));
}

void TestGraphyClient::wrongKeyIsAuthFailure()
{
    QVERIFY(m_control->clearRequestCounts());
    Rig wrong(m_host, fastSettings(QStringLiteral("graphy")), kWrongGraphyKey);
    const auto r = lookup(wrong.graphy.get(), m_demo.completed.value("email").toString());
    QVERIFY(r && !r->ok());
    const ServiceError &e = r->error();
    QCOMPARE(e.kind, ServiceError::Kind::Http);
    QCOMPARE(e.httpStatus, 401);
    QCOMPARE(e.service, QStringLiteral("graphy"));
    QCOMPARE(e.operation, QStringLiteral("learnerByEmail"));
    QVERIFY(e.isAuthFailure());
    QVERIFY(!e.isTransient());
    QCOMPARE(e.attempts, 1);
    QVERIFY2(e.message.contains("Invalid session"), qPrintable(e.message));
    QCOMPARE(m_control->routeCount(kV2Route), 1);
    QCOMPARE(m_control->routeCount(kV1Route), 0); // a 401 is no reason to fall back
    NET_VERIFY_NO_SECRET(e);
}

void TestGraphyClient::v1FallbackWhenV2Disabled()
{
    QVERIFY(m_control->setGraphyV2Enabled(false));
    QVERIFY(m_control->clearRequestCounts());
    Rig rig(m_host, fastSettings(QStringLiteral("graphy")));
    const QList<QJsonObject> docs = {m_demo.completed, m_demo.inProgress, m_demo.unknown, m_demo.completed};
    for (const QJsonObject &doc : docs) {
        const auto r = lookup(rig.graphy.get(), doc.value("email").toString());
        QVERIFY(r);
        QVERIFY2(r->ok(), qPrintable(r->error().toString()));
        QCOMPARE(r->value().apiVersion, QStringLiteral("v1"));
        if (doc == m_demo.unknown) {
            QVERIFY(!r->value().found);
            continue;
        }
        QVERIFY(r->value().found);
        const GraphyCourse *c = r->value().course(doc.value("course_id").toString());
        QVERIFY(c);
        QVERIFY2(!c->progress.has_value(), "v1 has no progress: it must be absent, not 0");
        QVERIFY(!c->completed.has_value());
        QVERIFY(!c->title.isEmpty());
        QVERIFY(!c->assignedDate.isEmpty());
    }
    // Graphy's own 404, twice in a row, is the evidence; the first miss was already tried on v1.
    QVERIFY(rig.graphy->v2Unavailable());
    QVERIFY(rig.graphy->apiMode().startsWith(QLatin1String("v1 (degraded")));
    QCOMPARE(m_control->routeCount(kV2Route), GraphyClient::kJsonMissesForV1);
    QCOMPARE(m_control->routeCount(kV1Route), int(docs.size()));
}

void TestGraphyClient::gatewayPagesDoNotSwitchToV1()
{
    // A gateway's HTML 404 pages during a deploy: those lookups fail (checked again next run), the
    // client stays on v2, and the next lookup after them decides on v2 as before.
    QVERIFY(m_control->addFault({{"api", "graphy"},
                                 {"kind", "html"},
                                 {"status", 404},
                                 {"path", "/public/v2/learners"},
                                 {"count", 3}}));
    QVERIFY(m_control->clearRequestCounts());
    Rig rig(m_host, fastSettings(QStringLiteral("graphy")));
    const QString email = m_demo.completed.value("email").toString();
    for (int i = 0; i < 3; ++i) {
        const auto r = lookup(rig.graphy.get(), email);
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().httpStatus, 404);
        QVERIFY2(r->error().message.contains("404 page"), qPrintable(r->error().message));
    }
    QCOMPARE(m_control->routeCount(kV1Route), 0);
    const auto after = lookup(rig.graphy.get(), email);
    QVERIFY(after && after->ok());
    QCOMPARE(after->value().apiVersion, QStringLiteral("v2"));
    QVERIFY(!rig.graphy->v2Unavailable());
    QCOMPARE(rig.graphy->apiMode(), QStringLiteral("v2"));
}

void TestGraphyClient::onlyPagesForLongSwitchesThenReprobes()
{
    // A Graphy without v2 behind a web server that answers with pages: after kPageMissesForV1 of
    // them in a row the client moves to v1; reprobeV2() (each run start) tries v2 once, and once
    // v2 answers again it is back on v2 for good.
    QVERIFY(m_control->addFault(
        {{"api", "graphy"}, {"kind", "html"}, {"status", 404}, {"path", "/public/v2/learners"}}));
    Rig rig(m_host, fastSettings(QStringLiteral("graphy")));
    const QString email = m_demo.completed.value("email").toString();
    for (int i = 0; i < GraphyClient::kPageMissesForV1 - 1; ++i) {
        const auto r = lookup(rig.graphy.get(), email);
        QVERIFY(r && !r->ok());
    }
    const auto switched = lookup(rig.graphy.get(), email);
    QVERIFY2(switched && switched->ok(), switched ? qPrintable(switched->error().toString()) : "no answer");
    QCOMPARE(switched->value().apiVersion, QStringLiteral("v1"));
    QVERIFY(rig.graphy->v2Unavailable());

    QVERIFY(m_control->clearRequestCounts());
    rig.graphy->reprobeV2(); // still absent: one v2 request, then v1 for the same lookup
    const auto probed = lookup(rig.graphy.get(), email);
    QVERIFY(probed && probed->ok());
    QCOMPARE(probed->value().apiVersion, QStringLiteral("v1"));
    QCOMPARE(m_control->routeCount(kV2Route), 1);
    const auto noProbe = lookup(rig.graphy.get(), email);
    QVERIFY(noProbe && noProbe->ok());
    QCOMPARE(m_control->routeCount(kV2Route), 1); // one probe per reprobeV2(), not per lookup

    QVERIFY(m_control->clearFaults()); // v2 is back
    rig.graphy->reprobeV2();
    const auto back = lookup(rig.graphy.get(), email);
    QVERIFY(back && back->ok());
    QCOMPARE(back->value().apiVersion, QStringLiteral("v2"));
    QVERIFY(!rig.graphy->v2Unavailable());
}

void TestGraphyClient::products()
{
    const auto r =
        await<QList<QJsonObject>>([&](QObject *ctx, auto done) { m_rig->graphy->products(ctx, done); });
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    QCOMPARE(r->value().size(), m_host.options().courses);
    QSet<QString> ids;
    for (const QJsonObject &p : r->value()) {
        QCOMPARE(p.value("id").toString().size(), 24);
        QVERIFY(!p.value("title").toString().isEmpty());
        QVERIFY(p.contains("created date"));
        ids.insert(p.value("id").toString());
    }
    QCOMPARE(ids.size(), m_host.options().courses);
    QVERIFY(ids.contains(m_demo.completed.value("course_id").toString()));
}

void TestGraphyClient::activeLearnersPaged()
{
    QStringList productIds;
    QSet<QString> want;
    for (const QJsonValue &v : m_control->state().value("graphy").toObject().value("learners").toArray()) {
        const QJsonArray courses = v.toObject().value("courses").toArray();
        for (const QJsonValue &c : courses) {
            if (!productIds.contains(c.toObject().value("id").toString()))
                productIds << c.toObject().value("id").toString();
        }
        if (!courses.isEmpty())
            want.insert(v.toObject().value("email").toString());
    }
    QVERIFY2(want.size() > 100, "needs more than one page of 100");
    QVERIFY(m_control->clearRequestCounts());
    const auto r = await<QList<QJsonObject>>([&](QObject *ctx, auto done) {
        m_rig->graphy->activeLearners(productIds, QDate(2000, 1, 1), QDate::currentDate().addYears(5), ctx,
                                      done);
    });
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString()));
    QSet<QString> got;
    for (const QJsonObject &l : r->value())
        got.insert(l.value("email").toString());
    QCOMPARE(int(r->value().size()), int(want.size())); // no duplicates across pages
    QCOMPARE(got, want);
    QCOMPARE(m_control->routeCount(kActiveRoute), int(want.size()) / 100 + 1);

    // A narrow window in the past: nobody.
    const auto none = await<QList<QJsonObject>>([&](QObject *ctx, auto done) {
        m_rig->graphy->activeLearners(productIds, QDate(2001, 1, 1), QDate(2001, 1, 2), ctx, done);
    });
    QVERIFY(none && none->ok());
    QVERIFY(none->value().isEmpty());
}

void TestGraphyClient::productsPaged()
{
    // More products than one page of 100. Runs late: the reset replaces the demo data.
    QVERIFY(m_control->reset(QJsonObject{{"courses", 130}, {"learners", 20}}));
    QVERIFY(m_control->clearRequestCounts());
    const auto r =
        await<QList<QJsonObject>>([&](QObject *ctx, auto done) { m_rig->graphy->products(ctx, done); });
    QVERIFY(r && r->ok());
    QSet<QString> ids;
    for (const QJsonObject &p : r->value())
        ids.insert(p.value("id").toString());
    QCOMPARE(r->value().size(), 130);
    QCOMPARE(ids.size(), 130);
    QCOMPARE(m_control->routeCount(kProductsRoute), 2);
}

void TestGraphyClient::specialKeyWorks()
{
    SandboxOptions options = demoSandboxOptions(20, 3);
    options.graphyKey = kSpecialGraphyKey;
    QString error;
    QVERIFY2(::startSandbox(m_special.host, m_special.control, options, &error, 10000), qPrintable(error));
    const DemoLearners demo = demoLearners(*special().control);
    Rig rig(special().host, fastSettings(QStringLiteral("graphy")));
    QCOMPARE(rig.graphy->settings().apiKey, kSpecialGraphyKey);
    const auto r = lookup(rig.graphy.get(), demo.completed.value("email").toString());
    QVERIFY(r);
    QVERIFY2(r->ok(), qPrintable(r->error().toString())); // the key arrived intact: percent-encoding is right
    QVERIFY(r->value().found);
    const auto p =
        await<QList<QJsonObject>>([&](QObject *ctx, auto done) { rig.graphy->products(ctx, done); });
    QVERIFY(p && p->ok());
}

void TestGraphyClient::specialKeyNeverLeaks_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("status");
    QTest::newRow("503 always") << "error" << 503;
    QTest::newRow("404 always") << "error" << 404;
    QTest::newRow("html 502") << "html" << 0;
    QTest::newRow("dropped connection") << "drop" << 0;
    QTest::newRow("truncated body") << "truncated" << 0;
    QTest::newRow("malformed json") << "malformed" << 0;
    QTest::newRow("hang") << "hang" << 0;
    QTest::newRow("429") << "rate_limit" << 0;
    QTest::newRow("wrong key (401)") << "wrongKey" << 0;
    QTest::newRow("plain http to a remote host") << "insecure" << 0;
}

void TestGraphyClient::specialKeyNeverLeaks()
{
    QFETCH(QString, fault);
    QFETCH(int, status);
    QVERIFY(special().host.isRunning());
    QVERIFY(special().control->clearFaults());
    if (fault != "wrongKey" && fault != "insecure") {
        QJsonObject rule{{"api", "graphy"}, {"kind", fault}, {"retryAfter", 0}};
        if (status)
            rule.insert("status", status);
        QVERIFY(special().control->addFault(rule));
    }
    ServiceChannel::Settings s = fastSettings(QStringLiteral("graphy"));
    s.timeoutMs = 300;
    s.retry.maxAttempts = 2;
    Rig rig(special().host, s,
            fault == "wrongKey" ? kSpecialGraphyKey + QStringLiteral("-wrong") : QString());
    if (fault == "insecure") {
        GraphySettings gs = graphySettings(special().host, kSpecialGraphyKey);
        gs.apiBase = QUrl(QStringLiteral("http://api.ongraphy.com"));
        rig.graphy = std::make_unique<GraphyClient>(gs, rig.channel.get());
    }
    const auto r = lookup(rig.graphy.get(), QStringLiteral("someone@example.com"));
    QVERIFY(r);
    QVERIFY2(!r->ok(), "expected an error");
    const ServiceError &e = r->error();
    QCOMPARE(e.service, QStringLiteral("graphy"));
    QCOMPARE(e.operation, QStringLiteral("learnerByEmail"));
    QVERIFY(!e.detail.isEmpty());
    qDebug().noquote() << e.toString() << "|" << e.detail.left(160).replace('\n', ' ');
    NET_VERIFY_NO_SECRET(e);
    QVERIFY(special().control->clearFaults());
}

void TestGraphyClient::noSecretInAnyError()
{
    QVERIFY(seenErrorTexts().size() >= 10 * 6);
    for (const QString &text : seenErrorTexts()) {
        for (const QString &secret : secretForms())
            QVERIFY2(!text.contains(secret, Qt::CaseInsensitive), qPrintable(text));
    }
}

QTEST_GUILESS_MAIN(TestGraphyClient)
#include "tst_graphy_client.moc"
