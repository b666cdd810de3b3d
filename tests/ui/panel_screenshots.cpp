// Renders the batch stats, errors and health panels with realistic data to PNGs, in a light and a
// dark palette, for looking at layouts without a display:
//   QT_QPA_PLATFORM=offscreen panel_screenshots OUTPUT_DIR [WIDTHxHEIGHT]
#include "checker/CheckerController.h"
#include "models/CheckerStatus.h"
#include "models/ErrorLogModel.h"
#include "support/PanelSamples.h"
#include "ui/BatchStatsPanel.h"
#include "ui/ErrorsPanel.h"
#include "ui/HealthPanel.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QStyleFactory>
#include <QTimer>
#include <QTreeView>
#include <cstdio>

namespace {
QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb3));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    return p;
}

void save(QWidget &w, const QSize &size, const QString &path)
{
    w.resize(size);
    w.show();
    // Let coalesced updates (the chart rebuilds 200 ms after its model changes) land.
    QEventLoop settle;
    QTimer::singleShot(400, &settle, &QEventLoop::quit);
    settle.exec();
    if (!w.grab().save(path))
        std::fprintf(stderr, "could not write %s\n", qPrintable(path));
    w.hide();
}

void renderAll(cc::CheckerController &controller, const QString &dir, const QString &suffix,
               const QSize &size)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    cc::CheckerWorker *worker = controller.worker();
    {
        cc::CheckerStatus status;
        cc::BatchStatsPanel empty(&controller, &status);
        save(empty, size, dir + QStringLiteral("/batch-stats-empty") + suffix);
    }
    {
        cc::CheckerStatus status;
        status.follow(worker);
        cc::BatchStatsPanel stats(&controller, &status);
        emit worker->runsLoaded(samples::runs(20, now.addSecs(-14 * 60)));
        cc::RunRecord current = samples::run(21, now.addSecs(-134), cc::RunState::Running, 312, 4, 2);
        current.total = 540;
        current.trigger = cc::RunTrigger::Manual;
        emit worker->runStarted(current);
        emit worker->runProgress(current);
        emit worker->scheduleChanged(now.addSecs(754), false);
        save(stats, size, dir + QStringLiteral("/batch-stats") + suffix);
    }
    {
        cc::ErrorsPanel empty(&controller);
        save(empty, size, dir + QStringLiteral("/errors-empty") + suffix);
    }
    {
        cc::ErrorsPanel errors(&controller);
        emit worker->errorsLoaded(samples::errors(30, now.addSecs(-60)));
        const QModelIndex cause = errors.model()->index(0, 0);
        errors.view()->expand(cause);
        errors.view()->setCurrentIndex(errors.model()->index(1, 0, cause));
        save(errors, size, dir + QStringLiteral("/errors") + suffix);
    }
    {
        cc::HealthPanel health(&controller);
        save(health, size, dir + QStringLiteral("/health-empty") + suffix);
        emit worker->healthChecked(samples::failingHealth(now));
        save(health, size, dir + QStringLiteral("/health-failing") + suffix);
        emit worker->healthChecked(samples::healthyHealth(now));
        save(health, size, dir + QStringLiteral("/health-ok") + suffix);
    }
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QStringList args = QApplication::arguments();
    const QString dir = args.value(1, QStringLiteral("."));
    QSize size(1000, 600);
    if (args.size() > 2) {
        const QStringList wh = args.at(2).split(QLatin1Char('x'));
        size = QSize(wh.value(0).toInt(), wh.value(1).toInt());
    }
    QDir().mkpath(dir);
    cc::CheckerController controller;
    const QPalette light = QApplication::palette();
    renderAll(controller, dir, QStringLiteral(".png"), size);
    QApplication::setPalette(darkPalette());
    renderAll(controller, dir, QStringLiteral("-dark.png"), size);
    QApplication::setPalette(light);
    controller.shutdown();
    return 0;
}
