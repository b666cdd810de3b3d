// Takes the screenshots in docs/ from a real run: the sandbox with demo data and injected Graphy
// faults (so the errors panel has content), the real checker thread, the real main window.
//
//   xvfb-run -a -s "-screen 0 1600x1000x24" build/tools/take-screenshots docs/ [width height]
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "checker/CheckerController.h"
#include "models/LearnerTableModel.h"
#include "ui/BatchStatsPanel.h"
#include "ui/LearnersPanel.h"
#include "models/CheckerStatus.h"
#include "ui/MainWindow.h"
#include "ui/ManualCheckDialog.h"
#include "ui/SettingsDialog.h"

#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace cc;

namespace {
void post(const QUrl &url, const QJsonObject &body)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QNetworkReply *reply = nam.post(request, QJsonDocument(body).toJson());
    (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
    reply->deleteLater();
}

void save(QWidget *w, const QString &dir, const QString &name)
{
    QTest::qWait(300); // let layouts and charts settle after the last update
    w->grab().save(QDir(dir).filePath(name));
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs");
    const int width = argc > 3 ? QString::fromLocal8Bit(argv[2]).toInt() : 1280;
    const int height = argc > 3 ? QString::fromLocal8Bit(argv[3]).toInt() : 800;
    const QString suffix = argc > 3 ? QStringLiteral("-%1x%2").arg(width).arg(height) : QString();
    QDir().mkpath(out);

    sandbox::SandboxHost host;
    sandbox::SandboxOptions options;
    options.learners = 400;
    if (!host.start(options))
        return 1;
    const QUrl faults(host.controlBase().toString() + QStringLiteral("/faults"));
    post(faults, {{"rules", QJsonArray{QJsonObject{{"api", "graphy"}, {"kind", "error"}, {"status", 503}, {"probability", 0.15}},
                                       QJsonObject{{"api", "graphy"}, {"kind", "latency"}, {"latencyMs", 15}}}}});

    // A Graphy with a real limit, found by the adaptive rate as a user's would be.
    post(QUrl(host.controlBase().toString() + QStringLiteral("/settings")), {{"graphyRateLimit", 60}});
    EngineSettings s = sandboxEngineSettings(host);
    s.graphyRatePerSecond = 1000;
    s.graphyRateAdaptive = true;
    s.appwriteRatePerSecond = 1000;
    s.appwriteRateAdaptive = true;
    s.maxAttempts = 1; // let the injected faults show up as errors
    QTemporaryDir data;
    WorkerOptions w;
    w.databasePath = data.filePath("screens.sqlite");

    CheckerController controller;
    controller.configure(s, w);
    CheckerStatus status;
    status.follow(controller.worker());
    MainWindow window(&controller, &status);
    window.resize(width, height);
    window.show();
    controller.call(&CheckerWorker::loadState);
    controller.call(&CheckerWorker::startSchedule);

    // Three runs so the history and its chart have something to show.
    for (int run = 0; run < 3; ++run) {
        bool finished = false;
        QObject::connect(controller.worker(), &CheckerWorker::runFinished, &window, [&] { finished = true; },
                         Qt::SingleShotConnection);
        controller.call(&CheckerWorker::runNow, RunTrigger::Manual, 50);
        (void)QTest::qWaitFor([&] { return finished; }, 60000);
        if (run == 0) {
            // Fewer faults for the next runs: the history shows recovery.
            QNetworkAccessManager nam;
            QNetworkReply *reply = nam.deleteResource(QNetworkRequest(faults));
            (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
            reply->deleteLater();
            post(faults, {{"rules", QJsonArray{QJsonObject{{"api", "graphy"}, {"kind", "error"}, {"status", 502}, {"probability", 0.03}}}}});
        }
    }
    // A fourth run, caught half-way: the current run with its progress and pace.
    bool fourthDone = false;
    QObject::connect(controller.worker(), &CheckerWorker::runFinished, &window, [&] { fourthDone = true; },
                     Qt::SingleShotConnection);
    controller.call(&CheckerWorker::runNow, RunTrigger::Manual, 50);
    (void)QTest::qWaitFor([&] { return status.isRunning() && status.currentRun().processed >= 150; }, 60000);
    window.showTab(MainWindow::Tab::BatchStats);
    save(&window, out, "batch-stats-running" + suffix + ".png");
    (void)QTest::qWaitFor([&] { return fourthDone; }, 60000);

    controller.call(&CheckerWorker::checkHealth);
    QTest::qWait(1500);

    window.showTab(MainWindow::Tab::Learners);
    save(&window, out, "learners" + suffix + ".png");
    window.showTab(MainWindow::Tab::BatchStats);
    save(&window, out, "batch-stats" + suffix + ".png");
    window.showTab(MainWindow::Tab::Errors);
    save(&window, out, "errors" + suffix + ".png");
    window.showTab(MainWindow::Tab::Health);
    save(&window, out, "health" + suffix + ".png");

    const QString someone = window.learnersPanel()->model()->rowCount() > 0
                                ? window.learnersPanel()->model()->index(0, 1).data().toString()
                                : QString();
    ManualCheckDialog check(&controller, someone, &window);
    check.resize(1000, 700);
    check.show();
    check.checkDryRun();
    (void)QTest::qWaitFor([&] { return !check.isChecking(); }, 20000);
    save(&check, out, "manual-check" + suffix + ".png");
    check.close();
    controller.shutdown();
    return 0;
}
