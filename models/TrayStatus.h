#pragma once

#include "base/RunRecord.h"
#include "session/ServiceAvailability.h"

#include <QDateTime>
#include <QObject>

namespace cc {

// What the tray icon shows: one state and a tooltip, derived from the checker's signals, the
// services' availability and the system hold. No widgets, so tests drive it without a tray.
//
// Precedence, highest first: offline > error (a service unreachable or refusing the key) >
// running > paused > warning (the last run had errors or failed) > idle.
class TrayStatus : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Warning, Error, Offline };
    Q_ENUM(State)

    explicit TrayStatus(QObject *parent = nullptr);

    State state() const { return m_state; }
    QString tooltip() const { return m_tooltip; }
    // One line for the menu's header and notifications' context, e.g. "Idle — next run 14:45".
    QString summary() const { return m_summary; }
    int errorCount() const { return m_errorCount; }
    bool isPaused() const { return m_paused; }
    bool isRunning() const { return m_running; }
    static QString stateName(State state);

public slots:
    void setSchedule(const QDateTime &nextRun, bool paused);
    void runStarted(const cc::RunRecord &run);
    void runProgress(const cc::RunRecord &run);
    void runFinished(const cc::RunRecord &run);
    // The newest stored run, at start (before any run of this session).
    void setLastRun(const cc::RunRecord &run);
    void setServices(const cc::ServiceAvailability &services);
    // The system hold: `reason` empty when not held; `offline` when the reason is the network.
    void setHold(const QString &reason, bool offline);
    void setErrorCount(int count);

signals:
    void changed();

private:
    void update();
    QString lastRunLine() const;
    QString nextRunLine() const;

    State m_state = State::Idle;
    QString m_tooltip;
    QString m_summary;
    QDateTime m_nextRun;
    bool m_paused = false;
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
};

} // namespace cc
