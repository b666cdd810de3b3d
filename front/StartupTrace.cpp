#include "StartupTrace.h"

#include "checker/CheckerWorker.h"
#include "models/LearnerTableModel.h"
#include "ui/LearnersPanel.h"
#include "ui/MainWindow.h"

#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QLabel>
#include <QTableView>
#include <QTimer>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace cc {

namespace {

// Milliseconds since this process started (Linux: /proc/self/stat's start time, in clock ticks
// since boot, against CLOCK_BOOTTIME); -1 elsewhere.
double msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = stat.readAll();
    // Fields after the command name (which may hold spaces): state is field 3, start time 22.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double startMs = fields.at(19).toDouble() * 1000.0 / double(sysconf(_SC_CLK_TCK));
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return now.tv_sec * 1000.0 + now.tv_nsec / 1e6 - startMs;
}

} // namespace

void StartupTrace::watch(MainWindow *window, const CheckerWorker *worker)
{
    static bool watched = false;
    if (watched || !qEnvironmentVariableIsSet("CC_STARTUP_TRACE"))
        return;
    watched = true;
    auto *trace = new StartupTrace(window);
    // Queued after the model's own connection (made when the window was built), so the last chunk
    // is in the table, sorted, when this runs.
    connect(worker, &CheckerWorker::learnersLoaded, trace, [trace](const QList<CheckedLearner> &, bool last) {
        if (trace->m_firstChunkMs < 0)
            trace->m_firstChunkMs = msSinceProcessStart();
        if (last)
            trace->loaded();
    });
}

StartupTrace::StartupTrace(MainWindow *window) : QObject(window), m_window(window)
{
    LearnersPanel *panel = window->learnersPanel();
    m_rowsView = panel->view()->viewport();
    m_emptyState = panel->findChild<QLabel *>(QStringLiteral("learnersEmptyState"));
    m_rowsView->installEventFilter(this);
    if (m_emptyState)
        m_emptyState->installEventFilter(this);
}

void StartupTrace::loaded()
{
    m_loaded = true;
    m_lastChunkMs = msSinceProcessStart();
    // No learners: the empty state is the final picture; it may have been painted already.
    if (m_window->learnersPanel()->model()->rowCount() == 0 && m_emptyPainted)
        report();
}

bool StartupTrace::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Paint && !m_reported) {
        const bool rows = m_window->learnersPanel()->model()->rowCount() > 0;
        if (watched == m_emptyState)
            m_emptyPainted = true;
        // After the paint has been done, not before it.
        if (m_loaded && (rows ? watched == m_rowsView : watched == m_emptyState))
            QTimer::singleShot(0, this, &StartupTrace::report);
    }
    return QObject::eventFilter(watched, event);
}

void StartupTrace::report()
{
    if (m_reported)
        return;
    m_reported = true;
    // The chunks' times: when the GUI thread got the first one, and when it had applied the last.
    std::fprintf(stderr,
                 "startup-trace: window showing %d learners %.0f ms after process start (epoch ms %lld; "
                 "first chunk %.0f ms, last chunk in the table %.0f ms)\n",
                 m_window->learnersPanel()->model()->rowCount(), msSinceProcessStart(),
                 static_cast<long long>(QDateTime::currentMSecsSinceEpoch()), m_firstChunkMs, m_lastChunkMs);
    std::fflush(stderr);
    m_rowsView->removeEventFilter(this);
    if (m_emptyState)
        m_emptyState->removeEventFilter(this);
}

} // namespace cc
