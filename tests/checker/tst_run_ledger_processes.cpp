// Two real `completion-checker --headless` processes on the same schedule against one sandbox
// (issue 12, "one run per slot across machines"): every slot has exactly one checker_runs row, and
// the Graphy lookups the sandbox saw are those of one run per slot, not two.
#include "FamilyUnderTest.h"
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "SandboxTestCase.h"
#include "checker/RunLedger.h"
#include "config/ConfigKey.h"
#include "front/SandboxConnection.h"
#include "net/AppwriteClient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr qint64 kSlotSecs = 4;
}

class TestRunLedgerProcesses : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everySlotIsRunOnce();

private:
    QProcessEnvironment environment(const QString &dataDir, const QString &user) const;
};

void TestRunLedgerProcesses::initTestCase()
{
    sandbox::SandboxOptions options;
    options.learners = 30;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
}

QProcessEnvironment TestRunLedgerProcesses::environment(const QString &dataDir, const QString &user) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QHash<cc::ConfigKey, QString> connection = cc::SandboxConnection::overrides(m_host);
    for (auto it = connection.cbegin(); it != connection.cend(); ++it)
        env.insert(cc::configKeySpec(it.key()).envVar, it.value());
    if (familytest::apiUnderTest() != cc::AppwriteApi::Auto)
        env.insert("APPWRITE_API", qEnvironmentVariable("CC_TEST_APPWRITE_API"));
    env.insert("COMPLETION_CHECKER_DATA_DIR", dataDir);
    env.insert("COMPLETION_CHECKER_SCHEDULE", QStringLiteral("every %1s").arg(kSlotSecs));
    env.insert("COMPLETION_CHECKER_START_JITTER", "0");
    env.insert("COMPLETION_CHECKER_GRAPHY_RATE_LIMIT", "1000");
    env.insert("COMPLETION_CHECKER_APPWRITE_RATE_LIMIT", "1000");
    env.insert("USER", user); // the holder is user@host: two "machines" on this one
    env.remove("USERNAME");
    return env;
}

void TestRunLedgerProcesses::everySlotIsRunOnce()
{
    QVERIFY(m_control->reset(QJsonObject{{"seed", 3}, {"learners", 30}}));
    QVERIFY(m_control->clearRequestCounts());
    const QString host = QSysInfo::machineHostName();
    const QStringList holders{"alice@" + host, "bob@" + host};

    QTemporaryDir dirA, dirB;
    QProcess a, b;
    a.setProcessEnvironment(environment(dirA.path(), "alice"));
    b.setProcessEnvironment(environment(dirB.path(), "bob"));
    a.start(QStringLiteral(CC_CHECKER_BINARY), {"--headless"});
    b.start(QStringLiteral(CC_CHECKER_BINARY), {"--headless"});
    QVERIFY(a.waitForStarted());
    QVERIFY(b.waitForStarted());

    // Stop both once three slots are done, between slots (so no run is cut short by the stop).
    const auto settled = [&] {
        const QJsonArray rows = m_control->documents(QStringLiteral("checker_runs"));
        if (rows.size() < 3)
            return false;
        for (const QJsonValue &row : rows)
            if (row.toObject().value("state").toString() == QLatin1String("running"))
                return false;
        const qint64 ms = QDateTime::currentMSecsSinceEpoch() % (kSlotSecs * 1000);
        return ms < (kSlotSecs * 1000) - 1500; // well before the next slot
    };
    const bool done = QTest::qWaitFor(settled, 60000);
    a.terminate();
    b.terminate();
    QVERIFY(a.waitForFinished(20000));
    QVERIFY(b.waitForFinished(20000));
    const QString logA = QString::fromLocal8Bit(a.readAllStandardError());
    const QString logB = QString::fromLocal8Bit(b.readAllStandardError());
    QVERIFY2(done, qPrintable(logA + "\n---\n" + logB));

    const QJsonArray rows = m_control->documents(QStringLiteral("checker_runs"));
    QSet<qint64> seen;
    int processed = 0;
    for (const QJsonValue &v : rows) {
        const QJsonObject row = v.toObject();
        const QDateTime slot = cc::AppwriteClient::parseDateTime(row.value("slot").toString());
        QCOMPARE(row.value("$id").toString(), cc::RunLedger::slotRowId(slot));
        QVERIFY2(!seen.contains(slot.toSecsSinceEpoch()), "two rows for one slot");
        seen.insert(slot.toSecsSinceEpoch());
        QVERIFY2(holders.contains(row.value("holder").toString()),
                 qPrintable(row.value("holder").toString()));
        QCOMPARE(row.value("state").toString(), QStringLiteral("finished"));
        processed += row.value("processed").toInt();
    }
    // One Graphy lookup per learner a run processed: nobody ran a slot twice.
    QVERIFY(processed > 0);
    QCOMPARE(m_control->routeCount(QStringLiteral("GET /public/v2/learners")), processed);
    // The runs the two logs show are the rows, and the loser of a slot said who had it.
    const int runs = int(logA.count("started (schedule)") + logB.count("started (schedule)"));
    QCOMPARE(runs, int(rows.size()));
    QVERIFY2(logA.contains("run done by bob@") || logB.contains("run done by alice@"),
             qPrintable(logA + "\n---\n" + logB));
}

QTEST_GUILESS_MAIN(TestRunLedgerProcesses)
#include "tst_run_ledger_processes.moc"
