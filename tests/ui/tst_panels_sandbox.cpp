// End to end: a real CheckerController against the sandbox with injected Graphy faults; a run's
// progress reaches BatchStatsPanel, its errors reach ErrorsPanel, the health check HealthPanel.
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "SandboxTestCase.h"
#include "checker/CheckerController.h"
#include "models/CheckerStatus.h"
#include "models/ErrorLogModel.h"
#include "models/ModelRoles.h"
#include "models/RunHistoryModel.h"
#include "ui/BatchStatsPanel.h"
#include "ui/ErrorsPanel.h"
#include "ui/HealthPanel.h"
#include "ui/InlineBanner.h"

#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <memory>

namespace {
constexpr int kLearners = 150;

cc::EngineSettings settingsFor(const sandbox::SandboxHost &host)
{
    cc::EngineSettings s = sandboxEngineSettings(host);
    s.batchSize = 25;
    s.concurrency = 4;
    s.graphyRatePerSecond = 5000;
    s.appwriteRatePerSecond = 5000;
    s.runDeadlineMs = 60000;
    s.requestTimeoutMs = 5000;
    s.maxAttempts = 1; // no retries: an injected 500 becomes a learner error
    s.retryBaseDelayMs = 10;
    s.maxServerWaitMs = 1000;
    s.breakerFailureThreshold = 1000; // keep the run going through the faults
    s.breakerOpenMs = 500;
    return s;
}

QString labelText(const QWidget &w, const char *name)
{
    const auto *label = w.findChild<QLabel *>(QString::fromLatin1(name));
    return label != nullptr ? label->text() : QString();
}

// What the batch stats panel showed right after a progress signal.
struct ProgressSeen
{
    int runProcessed;
    int barValue;
    int barMaximum;
    QString processedText;
    bool inProgress;
};
} // namespace

class TestPanelsSandbox : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void healthRefreshShowsCheckingThenTheReport();
    void runWithGraphyFaultsReachesThePanels();

private:
    QTemporaryDir m_dir;
};

void TestPanelsSandbox::initTestCase()
{
    cc::CheckerController::registerMetaTypes();
    QVERIFY(m_dir.isValid());
    sandbox::SandboxOptions options;
    options.learners = kLearners;
    options.completedShare = 0.3;
    options.checkedShare = 0.0;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
}

void TestPanelsSandbox::healthRefreshShowsCheckingThenTheReport()
{
    QVERIFY(m_control->clearFaults());
    cc::CheckerController controller;
    cc::HealthPanel health(&controller);
    QSignalSpy configured(controller.worker(), &cc::CheckerWorker::configured);
    controller.configure(settingsFor(m_host), cc::WorkerOptions{});
    QTRY_COMPARE_WITH_TIMEOUT(configured.size(), 1, 10000); // may answer before a wait() starts
    auto *refresh = health.findChild<QPushButton *>(QStringLiteral("healthRefresh"));
    refresh->click();
    QVERIFY(health.isChecking());
    QVERIFY(!refresh->isEnabled());
    QCOMPARE(refresh->text(), QStringLiteral("Checking…"));
    QTRY_VERIFY_WITH_TIMEOUT(!health.isChecking(), 20000);
    QVERIFY(refresh->isEnabled());
    QVERIFY(health.report().has_value());
    QCOMPARE(health.overallLevel(), cc::HealthPanel::Level::Ok);
    QCOMPARE(labelText(health, "schemaStatus"), QStringLiteral("Schema: all attributes and indexes present"));
    QVERIFY(labelText(health, "appwriteLatency").endsWith(QStringLiteral(" ms")));
    QVERIFY(controller.shutdown());
}

void TestPanelsSandbox::runWithGraphyFaultsReachesThePanels()
{
    QVERIFY(m_control->clearFaults());
    QVERIFY(m_control->addFault(
        QJsonObject{{"api", "graphy"}, {"kind", "error"}, {"status", 500}, {"probability", 0.3}}));
    // A little latency so the run lasts long enough for several progress flushes.
    QVERIFY(m_control->addFault(QJsonObject{{"api", "graphy"}, {"kind", "latency"}, {"latencyMs", 20}}));

    cc::CheckerController controller;
    cc::CheckerStatus status;
    status.follow(controller.worker());
    cc::BatchStatsPanel stats(&controller, &status);
    cc::ErrorsPanel errors(&controller);
    stats.resize(1000, 600);
    stats.show();
    errors.show();
    cc::CheckerWorker *worker = controller.worker();

    // Connected after the panels, so this runs right after they handled the same signal.
    QList<ProgressSeen> seen;
    auto *bar = stats.findChild<QProgressBar *>(QStringLiteral("currentProgress"));
    connect(worker, &cc::CheckerWorker::runProgress, this, [&](const cc::RunRecord &run) {
        seen << ProgressSeen{run.processed, bar->value(), bar->maximum(),
                             labelText(stats, "currentProcessed"), stats.isRunInProgress()};
    });
    QSignalSpy configured(worker, &cc::CheckerWorker::configured);
    QSignalSpy finished(worker, &cc::CheckerWorker::runFinished);
    cc::WorkerOptions options;
    options.databasePath = m_dir.filePath(QStringLiteral("panels.sqlite"));
    options.flushIntervalMs = 50;
    controller.configure(settingsFor(m_host), options);
    QTRY_COMPARE_WITH_TIMEOUT(configured.size(), 1, 10000); // may answer before a wait() starts
    QVERIFY(configured.first().first().toBool());

    controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    const auto run = finished.first().first().value<cc::RunRecord>();
    QCOMPARE(run.state, cc::RunState::Finished);
    QVERIFY(run.total > 100); // the enrolled ones among kLearners
    QCOMPARE(run.processed, run.total);
    QVERIFY2(run.errors > 0, "the injected Graphy faults produced no learner error");

    // Progress reached the panel while the run went on.
    QVERIFY2(!seen.isEmpty(), "no runProgress during the run");
    for (const ProgressSeen &p : std::as_const(seen)) {
        QVERIFY(p.inProgress);
        QCOMPARE(p.barMaximum, run.total);
        QCOMPARE(p.barValue, p.runProcessed);
        QVERIFY2(p.processedText.startsWith(QLocale().toString(p.runProcessed) + QStringLiteral(" of ")),
                 qPrintable(p.processedText));
    }
    // Then the finished run's figures (the spy counts in the checker thread; the panel's queued
    // slot may run a moment later).
    QTRY_VERIFY(!stats.isRunInProgress() && stats.historyModel()->rowCount() == 1 &&
                stats.historyModel()->runAt(0).state == cc::RunState::Finished);
    QVERIFY(labelText(stats, "lastState").contains(QStringLiteral("Finished")));
    QCOMPARE(labelText(stats, "lastProcessed"), QLocale().toString(run.processed));
    QCOMPARE(labelText(stats, "lastCompleted"), QLocale().toString(run.completed));
    QCOMPARE(labelText(stats, "lastErrors"), QLocale().toString(run.errors));
    QCOMPARE(stats.historyModel()->rowCount(), 1);
    QCOMPARE(stats.historyModel()->runAt(0).errors, run.errors);

    // Its errors reached the errors panel: Graphy's, one per failed learner.
    QTRY_VERIFY(errors.errorCount() >= run.errors);
    cc::ErrorLogModel *model = errors.model();
    QModelIndexList causes;
    for (int row = 0; row < model->rowCount(); ++row) {
        causes << model->index(row, 0);
        QVERIFY2(model->index(row, 0).data(cc::CauseKeyRole).toString().startsWith(QStringLiteral("graphy/")),
                 qPrintable(model->index(row, 0).data(cc::CauseKeyRole).toString()));
    }
    QCOMPARE(model->learnerIdsOf(causes).size(), run.errors);

    // The open errors are what the tab counts, and they agree with the run's figures.
    QCOMPARE(errors.errorCount(), run.errors);

    // Graphy is well again. Retrying a cause checks its learners again and says how that went; the
    // errors it settled are resolved: kept as history, no longer counted.
    QVERIFY(m_control->clearFaults());
    QSignalSpy retry(&errors, &cc::ErrorsPanel::retryRequested);
    const QModelIndex firstCause = model->index(0, 0);
    const QStringList retried = model->learnerIdsOf({firstCause});
    const int causeEntries = model->rowCount(firstCause);
    errors.view()->setCurrentIndex(firstCause);
    errors.retrySelection();
    QCOMPARE(retry.size(), 1);
    QCOMPARE(retry.first().first().toStringList(), retried);
    QTRY_VERIFY_WITH_TIMEOUT(errors.banner()->text().startsWith(QStringLiteral("Checked")), 30000);
    QVERIFY2(errors.banner()->text().contains(QStringLiteral("all went through")),
             qPrintable(errors.banner()->text()));
    QTRY_COMPARE(errors.errorCount(), run.errors - causeEntries);
    QCOMPARE(model->errorCount(), run.errors); // nothing removed
    const cc::ErrorEntry *resolved =
        model->entryAt(model->index(0, 0, model->causeIndex(firstCause.data(cc::CauseKeyRole).toString())));
    QVERIFY(resolved && !resolved->isOpen());

    // The same history and errors come back from the local store.
    QSignalSpy errorsLoaded(worker, &cc::CheckerWorker::errorsLoaded);
    stats.historyModel()->clear();
    errors.clearShown();
    controller.call(&cc::CheckerWorker::loadState);
    QTRY_COMPARE_WITH_TIMEOUT(errorsLoaded.size(), 1, 10000);
    QTRY_COMPARE(model->errorCount(), errorsLoaded.first().first().value<QList<cc::ErrorEntry>>().size());
    QCOMPARE(stats.historyModel()->rowCount(), 1); // runsLoaded came before errorsLoaded
    QCOMPARE(stats.historyModel()->runAt(0).processed, run.processed);
    QCOMPARE(model->errorCount(), run.errors);
    QCOMPARE(errors.errorCount(), run.errors - causeEntries); // still resolved after a reload
    QVERIFY(controller.shutdown());
}

QTEST_MAIN(TestPanelsSandbox)
#include "tst_panels_sandbox.moc"
