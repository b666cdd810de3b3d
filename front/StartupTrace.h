#pragma once

#include <QObject>

namespace cc {

class CheckerWorker;
class MainWindow;

// CC_STARTUP_TRACE=1 (for bench/startup_desktop.sh): one line on stderr when the first window
// has painted the learners loaded from the local store (or its empty state, when the store has
// none), with the time since the process started. Nothing else is watched or printed, and
// nothing at all without the variable.
class StartupTrace : public QObject
{
public:
    // Call before the worker's loadState() is queued; only the first call of a process watches.
    static void watch(MainWindow *window, const CheckerWorker *worker);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit StartupTrace(MainWindow *window);
    void loaded();
    void report();

    MainWindow *m_window;
    QObject *m_rowsView = nullptr;   // the table's viewport
    QObject *m_emptyState = nullptr; // the label shown when there are no learners
    bool m_loaded = false;
    double m_firstChunkMs = -1; // since process start
    double m_lastChunkMs = -1;
    bool m_emptyPainted = false;
    bool m_reported = false;
};

} // namespace cc
