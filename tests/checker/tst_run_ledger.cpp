// One run per slot across machines (docs/ARCHITECTURE.md §8): CheckerWorker claims each scheduled
// slot in the sandbox's checker_runs table before running it. A won slot runs and its row ends with
// the run's figures; a slot another holder has is skipped, naming the holder, without one Graphy
// request; a claim that cannot be made (no table) does not stop the run. Real schedule of 2 s slots.
#include "EngineRig.h"
#include "SandboxTestCase.h"
#include "base/Clock.h"
#include "checker/CheckerController.h"
#include "checker/RunLedger.h"
#include "net/AppwriteClient.h"

#include <QJsonArray>
#include <QTest>

using namespace rig;

namespace {
const QString kGraphyLookup = QStringLiteral("GET /public/v2/learners");
const QString kSchedule = QStringLiteral("every 2s");
constexpr qint64 kSlotSecs = 2;

// A worker on a real 2 s schedule, its signals collected in the test thread.
struct Ledgered : QObject
{
    cc::CheckerController controller;
    QList<cc::RunRecord> started;
    QList<cc::RunRecord> finished;
    QList<QPair<QDateTime, QString>> skipped;
    QList<cc::ErrorEntry> errors;

    Ledgered(const cc::EngineSettings &settings, const QString &holder)
    {
        cc::CheckerWorker *w = controller.worker();
        connect(w, &cc::CheckerWorker::runStarted, this, [this](const cc::RunRecord &r) { started << r; });
        connect(w, &cc::CheckerWorker::runFinished, this, [this](const cc::RunRecord &r) { finished << r; });
        connect(w, &cc::CheckerWorker::runSkipped, this,
                [this](const QDateTime &slot, const QString &reason) { skipped << qMakePair(slot, reason); });
        connect(w, &cc::CheckerWorker::errorsLogged, this,
                [this](const QList<cc::ErrorEntry> &e) { errors << e; });
        cc::WorkerOptions options;
        options.schedule = kSchedule;
        options.runHolder = holder;
        options.flushIntervalMs = 50;
        controller.configure(settings, options);
    }
};

QList<QJsonObject> rowsOf(SandboxControl &control, const QString &holder)
{
    QList<QJsonObject> rows;
    for (const QJsonValue &v : control.documents(QStringLiteral("checker_runs")))
        if (v.toObject().value(QStringLiteral("holder")).toString() == holder)
            rows << v.toObject();
    return rows;
}
} // namespace

class TestRunLedger : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void wonSlotRunsAndItsRowEndsWithTheFigures();
    void slotClaimedElsewhereIsSkippedWithoutGraphy();
    void claimThatCannotBeMadeStillRuns();
};

void TestRunLedger::initTestCase()
{
    cc::CheckerController::registerMetaTypes();
    sandbox::SandboxOptions options;
    options.learners = 10;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
}

void TestRunLedger::init()
{
    QVERIFY(m_control->reset(Demo{40, 5, 3, 0.35, 0.3}.toJson()));
    QVERIFY(m_control->clearRequestCounts());
    QCOMPARE(m_control->documents(QStringLiteral("checker_runs")).size(), 0);
}

void TestRunLedger::wonSlotRunsAndItsRowEndsWithTheFigures()
{
    Ledgered h(fastSettings(m_host), QStringLiteral("tester-a"));
    h.controller.call(&cc::CheckerWorker::startSchedule);
    QTRY_VERIFY_WITH_TIMEOUT(!h.finished.isEmpty(), 30000);
    h.controller.call(&cc::CheckerWorker::pauseSchedule);
    const cc::RunRecord run = h.finished.first();
    QCOMPARE(run.trigger, cc::RunTrigger::Schedule);
    QCOMPARE(run.state, cc::RunState::Finished);
    QVERIFY(run.processed > 0);
    QVERIFY(run.completed > 0);

    // The figures reach the row after runFinished (one more request).
    QJsonObject row;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const QList<QJsonObject> rows = rowsOf(*m_control, QStringLiteral("tester-a"));
            if (rows.isEmpty() || rows.first().value("state").toString() == QLatin1String("running"))
                return false;
            row = rows.first();
            return true;
        }(),
        10000);
    const QDateTime slot = cc::AppwriteClient::parseDateTime(row.value("slot").toString());
    QVERIFY(slot.isValid());
    QCOMPARE(slot.toSecsSinceEpoch() % kSlotSecs, 0);
    QCOMPARE(row.value("$id").toString(), cc::RunLedger::slotRowId(slot));
    QCOMPARE(row.value("trigger").toString(), QStringLiteral("schedule"));
    QCOMPARE(row.value("state").toString(), QStringLiteral("finished"));
    QCOMPARE(row.value("processed").toInt(), run.processed);
    QCOMPARE(row.value("completed").toInt(), run.completed);
    QCOMPARE(row.value("already_recorded").toInt(), run.alreadyRecorded);
    QCOMPARE(row.value("errors").toInt(), run.errors);
    const QDateTime startedAt = cc::AppwriteClient::parseDateTime(row.value("started_at").toString());
    const QDateTime finishedAt = cc::AppwriteClient::parseDateTime(row.value("finished_at").toString());
    QVERIFY(startedAt.isValid() && finishedAt.isValid());
    QVERIFY(startedAt >= slot);
    QVERIFY(finishedAt >= startedAt);
    QVERIFY(!row.value("app_version").toString().isEmpty());
    // A run's Graphy requests are its learners' lookups, and nobody else's.
    QTRY_COMPARE(h.finished.size(), h.started.size());
    int processed = 0;
    for (const cc::RunRecord &r : h.finished)
        processed += r.processed;
    QCOMPARE(m_control->routeCount(kGraphyLookup), processed);
}

void TestRunLedger::slotClaimedElsewhereIsSkippedWithoutGraphy()
{
    // Another machine has already claimed the next several slots.
    const cc::EngineSettings settings = fastSettings(m_host);
    EngineStack other(settings);
    cc::RunLedger otherLedger(other.appwrite(), settings.runsCollection, QStringLiteral("ops-laptop-2"),
                              cc::SystemClock::instance());
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 firstSlot = (now / kSlotSecs + 1) * kSlotSecs;
    int won = 0;
    for (int i = 0; i < 15; ++i) {
        bool answered = false;
        otherLedger.claim(QDateTime::fromSecsSinceEpoch(firstSlot + i * kSlotSecs, Qt::UTC),
                          [&](const cc::RunLedger::Claim &claim) {
                              answered = true;
                              won += claim.outcome == cc::RunLedger::Claim::Outcome::Won;
                          });
        QTRY_VERIFY(answered);
    }
    QCOMPARE(won, 15);

    Ledgered h(settings, QStringLiteral("tester-b"));
    h.controller.call(&cc::CheckerWorker::startSchedule);
    QTRY_VERIFY_WITH_TIMEOUT(!h.skipped.isEmpty(), 20000);
    h.controller.call(&cc::CheckerWorker::pauseSchedule);
    const auto [slot, reason] = h.skipped.first();
    QVERIFY2(slot.toSecsSinceEpoch() >= firstSlot, qPrintable(slot.toString(Qt::ISODate)));
    QCOMPARE(reason, slot.toLocalTime().toString("HH:mm") +
                         QStringLiteral(" run done by ops-laptop-2 (still running)"));
    QVERIFY(h.started.isEmpty());
    QVERIFY(h.finished.isEmpty());
    QCOMPARE(m_control->routeCount(kGraphyLookup), 0);
    QVERIFY(rowsOf(*m_control, QStringLiteral("tester-b")).isEmpty());
    QCOMPARE(rowsOf(*m_control, QStringLiteral("ops-laptop-2")).size(), 15);
}

void TestRunLedger::claimThatCannotBeMadeStillRuns()
{
    // No ledger table: the slot is run anyway (availability over exclusivity) and the reason logged.
    cc::EngineSettings settings = fastSettings(m_host);
    settings.runsCollection = QStringLiteral("no_such_runs");
    Ledgered h(settings, QStringLiteral("tester-c"));
    h.controller.call(&cc::CheckerWorker::startSchedule);
    QTRY_VERIFY_WITH_TIMEOUT(!h.finished.isEmpty(), 30000);
    h.controller.call(&cc::CheckerWorker::pauseSchedule);
    const cc::RunRecord run = h.finished.first();
    QCOMPARE(run.state, cc::RunState::Finished);
    QVERIFY(run.completed > 0); // completions are certified all the same
    QCOMPARE(run.errors, 0);    // the ledger's problem is not the run's
    QTRY_VERIFY([&] {
        for (const cc::ErrorEntry &e : h.errors)
            if (e.operation == QLatin1String("claimSlot") && e.runId == run.id && e.httpStatus == 404)
                return true;
        return false;
    }());
    QVERIFY(h.skipped.isEmpty());
    QCOMPARE(m_control->documents(QStringLiteral("checker_runs")).size(), 0);
}

QTEST_GUILESS_MAIN(TestRunLedger)
#include "tst_run_ledger.moc"
