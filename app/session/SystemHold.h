#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

namespace cc {

class Clock;

// The system's reasons to hold the checker's schedule, as opposed to the operator's pause:
// the machine is going to sleep, has just woken, has no network, or has just got it back.
//
// After a wake or a reconnect there is a grace period (the network and DNS take a few seconds to
// come back) in which the schedule stays held and connection errors are not reported as outages.
// When it ends, released() asks for the schedule back; the scheduler then runs one catch-up for
// the slots missed meanwhile. The grace timer is a single-shot timer on the injected clock's
// monotonic time, so tests move a ManualClock and call tick().
class SystemHold : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kWakeGraceMs = 30 * 1000;
    static constexpr qint64 kReconnectGraceMs = 10 * 1000;

    enum class Phase { Active, Asleep, Offline, WakeGrace, ReconnectGrace };
    Q_ENUM(Phase)

    // `clock` must outlive this; null means SystemClock::instance().
    explicit SystemHold(Clock *clock = nullptr, QObject *parent = nullptr);

    void setGracePeriods(qint64 wakeMs, qint64 reconnectMs)
    {
        m_wakeGraceMs = wakeMs;
        m_reconnectGraceMs = reconnectMs;
    }

    Phase phase() const { return m_phase; }
    bool isHeld() const { return m_phase != Phase::Active; }
    bool inGrace() const { return m_phase == Phase::WakeGrace || m_phase == Phase::ReconnectGrace; }
    // Why the schedule is held, for the status line and the tray; empty when active.
    QString reason() const;
    // Monotonic time when the grace ends; -1 outside a grace period.
    qint64 graceEndsAtMs() const { return inGrace() ? m_graceEndsMs : -1; }
    bool isOnline() const { return m_online; }

public slots:
    // login1's PrepareForSleep(true) before suspending, PrepareForSleep(false) after waking.
    void prepareForSleep(bool goingToSleep);
    void setOnline(bool online);
    // Re-evaluates against the clock (the grace timer calls it; tests call it after moving the clock).
    void tick();

signals:
    void holdRequested(const QString &reason); // also when only the reason changes
    void released();
    void phaseChanged(cc::SystemHold::Phase phase);
    // Connection errors are not outages while true.
    void graceChanged(bool inGrace);

private:
    void update();
    void arm();

    Clock *m_clock;
    QTimer m_timer;
    qint64 m_wakeGraceMs = kWakeGraceMs;
    qint64 m_reconnectGraceMs = kReconnectGraceMs;
    bool m_asleep = false;
    bool m_online = true;
    bool m_graceAfterWake = false; // the running grace began with a wake (else a reconnect)
    qint64 m_graceEndsMs = -1;
    Phase m_phase = Phase::Active;
};

} // namespace cc
