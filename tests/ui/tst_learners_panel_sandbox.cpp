// LearnersPanel with real data flowing: a run against the sandbox fills the table through the
// worker's batched row changes, and a window opened later shows what the local store holds.
#include "checker/CheckerController.h"
#include "models/LearnerFilterProxy.h"
#include "models/LearnerTableModel.h"
#include "models/ModelRoles.h"
#include "ui/LearnersPanel.h"

#include "SandboxHost.h"
#include "SandboxSettings.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cc;

namespace {

EngineSettings sandboxSettings(const sandbox::SandboxHost &host)
{
    EngineSettings s = sandboxEngineSettings(host);
    s.batchSize = 10;
    s.concurrency = 4;
    s.graphyRatePerSecond = 5000;
    s.appwriteRatePerSecond = 5000;
    s.requestTimeoutMs = 5000;
    s.retryBaseDelayMs = 10;
    return s;
}

} // namespace

class TestLearnersPanelSandbox : public QObject
{
    Q_OBJECT

private slots:
    void runFillsTableAndStoreRefillsIt();
};

void TestLearnersPanelSandbox::runFillsTableAndStoreRefillsIt()
{
    CheckerController::registerMetaTypes();
    sandbox::SandboxHost host;
    sandbox::SandboxOptions sandboxOptions;
    sandboxOptions.learners = 60;
    sandboxOptions.checkedShare = 0;
    QString error;
    QVERIFY2(host.start(sandboxOptions, &error), qPrintable(error));
    QTemporaryDir dir;
    WorkerOptions options;
    options.databasePath = dir.filePath(QStringLiteral("state.sqlite"));
    options.flushIntervalMs = 50;

    QHash<QString, int> outcomes; // learner id → outcome shown after the run
    {
        CheckerController controller;
        LearnersPanel panel(&controller);
        QSignalSpy finished(controller.worker(), &CheckerWorker::runFinished);
        QSignalSpy changes(controller.worker(), &CheckerWorker::learnersChecked);
        controller.configure(sandboxSettings(host), options);
        controller.call(&CheckerWorker::runNow, RunTrigger::Manual, 0);
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        const auto run = finished.first().first().value<RunRecord>();
        QVERIFY(run.processed > 0);
        QTRY_COMPARE(panel.model()->rowCount(), run.processed);
        QVERIFY(changes.count() < run.processed); // batched, not one signal per learner
        for (int r = 0; r < panel.model()->rowCount(); ++r) {
            const CheckedLearner &row = panel.model()->rowAt(r);
            QVERIFY2(row.latestCheck.has_value(), qPrintable(row.learner.id));
            outcomes.insert(row.learner.id, int(row.latestCheck->outcome));
        }
        panel.proxy()->setOutcomeFilter(LearnerOutcome::Completed);
        QCOMPARE(panel.proxy()->rowCount(), run.completed);
        QVERIFY(controller.shutdown());
    }

    // A new window over the same local store opens with the same learners and outcomes.
    CheckerController controller;
    LearnersPanel panel(&controller);
    QSignalSpy loaded(controller.worker(), &CheckerWorker::learnersLoaded);
    controller.configure(sandboxSettings(host), options);
    controller.call(&CheckerWorker::loadState);
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && loaded.last().at(1).toBool(), 20000);
    QTRY_COMPARE(panel.model()->rowCount(), outcomes.size());
    for (auto it = outcomes.cbegin(); it != outcomes.cend(); ++it) {
        const int row = panel.model()->rowForLearner(it.key());
        QVERIFY2(row >= 0, qPrintable(it.key()));
        QCOMPARE(panel.model()->index(row, LearnerTableModel::OutcomeColumn).data(OutcomeRole).toInt(),
                 it.value());
    }
    QVERIFY(controller.shutdown());
}

QTEST_MAIN(TestLearnersPanelSandbox)
#include "tst_learners_panel_sandbox.moc"
