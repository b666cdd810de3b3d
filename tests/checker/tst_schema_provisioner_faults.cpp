// SchemaProvisioner when Appwrite does not simply succeed, over a loopback HostileServer scripted as
// an Appwrite 1.8 TablesDB server: a column that turns 'failed' (reported with Appwrite's error, its
// index not attempted), one that stays 'processing' (bounded wait on the injected clock), a create
// refused with 400 (reported, the rest goes on), a key without the write scopes and an unreachable
// server (stop, saying what was already done). The sandbox cases are tst_schema_provisioning.
#include "HostileServer.h"
#include "ManualClock.h"
#include "checker/SchemaProvisioner.h"
#include "net/AppwriteClient.h"
#include "net/ServiceChannel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace cc;
using State = SchemaProvisionReport::Action::State;

namespace {
QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// The table as Appwrite 1.8 describes it with everything the checker needs, minus `without`
// (column or index keys).
QByteArray table(const SchemaRequirements::Collection &required, const QStringList &without = {})
{
    QJsonArray columns, indexes;
    for (const auto &a : required.attributes) {
        if (!without.contains(a.key))
            columns.append(QJsonObject{{"key", a.key},
                                       {"type", a.type},
                                       {"size", a.size},
                                       {"required", a.required},
                                       {"status", "available"}});
    }
    for (const auto &i : required.indexes) {
        if (!without.contains(i.key))
            indexes.append(QJsonObject{{"key", i.key},
                                       {"type", i.unique ? "unique" : "key"},
                                       {"status", "available"},
                                       {"columns", QJsonArray{i.attribute}}});
    }
    return json({{"$id", required.id}, {"name", required.name}, {"columns", columns}, {"indexes", indexes}});
}

HostileServer::Reply reply(int status, const QByteArray &body)
{
    return {status, "application/json", body, true};
}

HostileServer::Reply appwriteError(int status, const QString &type, const QString &message)
{
    return reply(status,
                 json({{"message", message}, {"code", status}, {"type", type}, {"version", "1.8.1"}}));
}

struct Rig
{
    HostileServer server;
    QNetworkAccessManager nam;
    ManualClock clock{QDateTime::fromString("2025-11-21T08:00:00Z", Qt::ISODate)};
    EngineSettings settings;
    std::unique_ptr<ServiceChannel> channel;
    std::unique_ptr<AppwriteClient> appwrite;
    std::optional<SchemaProvisionReport> report;

    // Routes are matched in the order added: specific ones first, then the tables as described.
    bool start(QString *error, const QUrl &endpoint = {})
    {
        if (!server.start(error))
            return false;
        server.addRoute("GET", "/health/version", reply(200, R"({"version":"1.8.1"})"));
        settings.appwrite.endpoint = endpoint.isValid() ? endpoint : QUrl(server.base().toString() + "/v1");
        settings.appwrite.projectId = "p1";
        settings.appwrite.apiKey = "faults-appwrite-key";
        settings.appwrite.api = AppwriteApi::TablesDb;
        ServiceChannel::Settings s;
        s.service = "appwrite";
        s.timeoutMs = 5000;
        s.retry.maxAttempts = 2;
        s.retry.baseDelayMs = 10;
        s.retry.maxDelayMs = 50;
        s.breaker.failureThreshold = 1000;
        // Only the provisioner's waiting runs on the manual clock; HTTP keeps real time.
        channel = std::make_unique<ServiceChannel>(s, &nam, SystemClock::instance());
        appwrite = std::make_unique<AppwriteClient>(settings.appwrite, channel.get());
        return true;
    }
    // The other two tables complete, so each case is about learners.
    void otherTablesComplete()
    {
        server.addRoute("GET", "/tables/webhook_events",
                        reply(200, table(SchemaRequirements::events(settings))));
        server.addRoute("GET", "/tables/checker_runs", reply(200, table(SchemaRequirements::runs(settings))));
    }
    std::unique_ptr<SchemaProvisioner> provisioner(const SchemaProvisioner::Options &options = {})
    {
        auto p = std::make_unique<SchemaProvisioner>(appwrite.get(), &clock, settings,
                                                     SchemaProvisionReport::Mode::Provision, options);
        QObject::connect(p.get(), &SchemaProvisioner::finished,
                         [this](const SchemaProvisionReport &r) { report = r; });
        return p;
    }
    const SchemaProvisionReport::Action *action(const QString &collection, const QString &key) const
    {
        for (const auto &c : report->collections)
            for (const auto &a : c.actions)
                if (c.id == collection && a.key == key)
                    return &a;
        return nullptr;
    }
};

SchemaProvisioner::Options fastPolls()
{
    SchemaProvisioner::Options o;
    o.firstPollMs = 5;
    o.maxPollMs = 20;
    return o;
}
} // namespace

class TestSchemaProvisionerFaults : public QObject
{
    Q_OBJECT

private slots:
    void failedColumnIsReportedAndItsIndexNotAttempted();
    void columnStuckInProcessingEndsTheWait();
    void refusedCreateIsAProblemAndTheRestGoesOn();
    void missingScopesStopAndSayWhatWasDone();
    void unreachableServerStops();
};

void TestSchemaProvisionerFaults::failedColumnIsReportedAndItsIndexNotAttempted()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    rig.server.addRoute("POST", "/tables/learners/columns/string",
                        reply(202, R"({"key":"status","type":"string","size":50,"status":"processing"})"));
    rig.server.addRoute("GET", "/tables/learners/columns/status",
                        reply(200, R"({"key":"status","type":"string","status":"failed",)"
                                   R"("error":"Index key size too large"})"));
    rig.server.addRoute(
        "GET", "/tables/learners",
        reply(200, table(SchemaRequirements::learners(rig.settings), {"status", "status_index"})));
    rig.otherTablesComplete();
    auto p = rig.provisioner(fastPolls());
    p->start();
    QTRY_VERIFY_WITH_TIMEOUT(rig.report.has_value(), 20000);
    QVERIFY2(rig.report->error.isEmpty(), qPrintable(rig.report->error));
    const auto *status = rig.action("learners", "status");
    QVERIFY(status);
    QCOMPARE(status->state, State::Problem);
    QVERIFY2(status->problem.contains("Appwrite reports it 'failed': Index key size too large"),
             qPrintable(status->problem));
    const auto *index = rig.action("learners", "status_index");
    QVERIFY(index);
    QCOMPARE(index->state, State::Problem);
    QVERIFY2(index->problem.contains("column 'status' is not available"), qPrintable(index->problem));
    QCOMPARE(rig.server.count("POST", "/indexes"), 0);
    QCOMPARE(rig.server.count("POST", "/columns/"), 1);
    QVERIFY(!rig.report->ok());
    QCOMPARE(rig.report->count(State::Problem), 2);
}

void TestSchemaProvisionerFaults::columnStuckInProcessingEndsTheWait()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    rig.server.addRoute(
        "POST", "/tables/learners/columns/datetime",
        reply(202, R"({"key":"last_completion_check","type":"datetime","status":"processing"})"));
    rig.server.addRoute(
        "GET", "/tables/learners/columns/last_completion_check",
        reply(200, R"({"key":"last_completion_check","type":"datetime","status":"processing"})"));
    rig.server.addRoute("GET", "/tables/learners",
                        reply(200, table(SchemaRequirements::learners(rig.settings),
                                         {"last_completion_check", "last_completion_check_index"})));
    rig.otherTablesComplete();
    auto p = rig.provisioner(fastPolls());
    p->start();
    // Polls go on while the clock stands still, and end as soon as the budget is spent.
    QTRY_VERIFY_WITH_TIMEOUT(rig.server.count("GET", "/columns/last_completion_check") >= 3, 20000);
    QVERIFY(!rig.report.has_value());
    rig.clock.advance(60000);
    QTRY_VERIFY_WITH_TIMEOUT(rig.report.has_value(), 20000);
    const auto *column = rig.action("learners", "last_completion_check");
    QVERIFY(column);
    QCOMPARE(column->state, State::Problem);
    QVERIFY2(column->problem.contains("still 'processing' after 60 s"), qPrintable(column->problem));
    QCOMPARE(rig.action("learners", "last_completion_check_index")->state, State::Problem);
    QCOMPARE(rig.server.count("POST", "/indexes"), 0);
    // It went on to the next tables.
    QCOMPARE(rig.server.count("GET", "/tables/checker_runs"), 1);
}

void TestSchemaProvisionerFaults::refusedCreateIsAProblemAndTheRestGoesOn()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    rig.server.addRoute(
        "POST", "/tables/learners/columns/string",
        appwriteError(400, "column_limit_exceeded", "The maximum number of columns has been reached."));
    rig.server.addRoute("GET", "/tables/learners",
                        reply(200, table(SchemaRequirements::learners(rig.settings), {"name"})));
    rig.otherTablesComplete();
    auto p = rig.provisioner(fastPolls());
    p->start();
    QTRY_VERIFY_WITH_TIMEOUT(rig.report.has_value(), 20000);
    QVERIFY2(rig.report->error.isEmpty(), qPrintable(rig.report->error));
    const auto *name = rig.action("learners", "name");
    QCOMPARE(name->state, State::Problem);
    QVERIFY2(name->problem.contains("maximum number of columns"), qPrintable(name->problem));
    QCOMPARE(rig.report->collections.size(), 3);
    QCOMPARE(rig.report->count(State::Problem), 1);
}

void TestSchemaProvisionerFaults::missingScopesStopAndSayWhatWasDone()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error), qPrintable(error));
    // The table is created, its five text columns too, then the key turns out to lack a scope.
    rig.server.addRoute(
        "POST", "/tables/learners/columns/datetime",
        appwriteError(401, "general_unauthorized_scope",
                      R"(app.p1@service.localhost (role: applications) missing scopes (["columns.write"]))"));
    rig.server.addRoute("POST", "/tables/learners/columns/string", reply(202, R"({"status":"processing"})"));
    rig.server.addRoute("POST", "/tablesdb/main/tables", reply(201, R"({"$id":"learners"})"));
    rig.server.addRoute(
        "GET", "/tables/learners",
        appwriteError(404, "table_not_found", "Table with the requested ID could not be found."));
    auto p = rig.provisioner(fastPolls());
    p->start();
    QTRY_VERIFY_WITH_TIMEOUT(rig.report.has_value(), 20000);
    const SchemaProvisionReport &r = *rig.report;
    QVERIFY(r.serviceFailure);
    QCOMPARE(r.missingScopes, QStringList{"columns.write"});
    QVERIFY2(r.error.contains("could not create the column 'completed_at' of table 'learners'"),
             qPrintable(r.error));
    QVERIFY2(r.error.contains("grant tables.write, columns.write, indexes.write"), qPrintable(r.error));
    QVERIFY2(r.error.contains("Created before it stopped: 1 table, 5 columns; nothing else was changed."),
             qPrintable(r.error));
    QVERIFY(!r.error.contains("faults-appwrite-key"));
    QVERIFY(!r.ok());
    QCOMPARE(rig.action("learners", "learners")->state, State::Created);
    QCOMPARE(rig.action("learners", "email")->state, State::Created);
    // Nothing after the refusal: no other column, no table read.
    QCOMPARE(rig.server.count("POST", "/columns/"), 6);
    QCOMPARE(rig.server.count("GET", "/tables/webhook_events"), 0);
}

void TestSchemaProvisionerFaults::unreachableServerStops()
{
    Rig rig;
    QString error;
    QVERIFY2(rig.start(&error, QUrl("http://127.0.0.1:9/v1")), qPrintable(error));
    auto p = rig.provisioner();
    p->start();
    QTRY_VERIFY_WITH_TIMEOUT(rig.report.has_value(), 20000);
    QVERIFY(rig.report->serviceFailure);
    QVERIFY2(rig.report->error.startsWith("could not reach Appwrite"), qPrintable(rig.report->error));
    QVERIFY2(rig.report->error.contains("Nothing was created or changed."), qPrintable(rig.report->error));
    QVERIFY(rig.report->collections.isEmpty());
}

QTEST_GUILESS_MAIN(TestSchemaProvisionerFaults)
#include "tst_schema_provisioner_faults.moc"
