#pragma once

#include "base/RunRecord.h"
#include "session/ServiceAvailability.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <optional>

namespace cc {

class CheckerWorker;

// The checker as every view sees it: running or not (and the run's figures), paused, held, the
// next and the last run, the services' availability, the error count; and from those one state,
// a tooltip and a summary line (the tray icon's). The one read-side copy of these facts: the main
// window's status line, the batch stats panel and the tray all read it. No widgets, so tests
// drive it without a tray.
//
// Precedence, highest first: offline > error (a service unreachable or refusing the key) >
// running > paused > warning (the last run had errors or failed) > idle.
class CheckerStatus : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Warning, Error, Offline };
    Q_ENUM(State)

    explicit CheckerStatus(QObject *parent = nullptr);

    // Follows a worker's signals (schedule, runs, stored runs); a later call follows another
    // worker instead (the checker is rebuilt when settings change), keeping what was known.
    void follow(const CheckerWorker *worker);

    State state() const { return m_state; }
    QString tooltip() const { return m_tooltip; }
    // One line for the menu's header and notifications' context, e.g. "Idle — next run 14:45".
    QString summary() const { return m_summary; }
    int errorCount() const { return m_errorCount; }
    bool isPaused() const { return m_paused; }
    bool isRunning() const { return m_running; }
    // The run in progress, as of its latest progress report (meaningful while isRunning()).
    const RunRecord &currentRun() const { return m_current; }
    // The newest run that ended, this session or stored; none before the first.
    std::optional<RunRecord> lastRun() const { return m_hasLast ? std::optional(m_last) : std::nullopt; }
    // The next scheduled run; invalid when none (paused, or a schedule without one).
    QDateTime nextRun() const { return m_nextRun; }
    // Whether the worker has told its schedule yet.
    bool isScheduleKnown() const { return m_scheduleKnown; }
    QString holdReason() const { return m_holdReason; }
    static QString stateName(State state);

public slots:
    void setSchedule(const QDateTime &nextRun, bool paused);
    void runStarted(const cc::RunRecord &run);
    void runProgress(const cc::RunRecord &run);
    void runFinished(const cc::RunRecord &run);
    // The newest stored run, at start (before any run of this session).
    void setLastRun(const cc::RunRecord &run);
    // Stored runs, newest first: the first that ended becomes the last run.
    void setStoredRuns(const QList<cc::RunRecord> &runs);
    void setServices(const cc::ServiceAvailability &services);
    // The system hold: `reason` empty when not held; `offline` when the reason is the network.
    void setHold(const QString &reason, bool offline);
    void setErrorCount(int count);

signals:
    // The state, tooltip or summary changed (what the tray shows).
    void changed();
    // Any fact was set (a run's progress, the schedule, the last run): views that show more than
    // the summary refresh on it.
    void updated();

private:
    void update();
    QString lastRunLine() const;
    QString nextRunLine() const;

    State m_state = State::Idle;
    QString m_tooltip;
    QString m_summary;
    QDateTime m_nextRun;
    bool m_paused = false;
    bool m_scheduleKnown = false;
    bool m_running = false;
    RunRecord m_current;
    RunRecord m_last;
    bool m_hasLast = false;
    QString m_downService;
    ServiceCondition m_downCondition = ServiceCondition::Unknown;
    QString m_downDetail;
    QString m_holdReason;
    bool m_offline = false;
    int m_errorCount = 0;
    QList<QMetaObject::Connection> m_following;
};

} // namespace cc
