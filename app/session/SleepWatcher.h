#pragma once

#include <QDBusConnection>
#include <QDBusUnixFileDescriptor>
#include <QObject>
#include <QString>
#include <QTimer>

namespace cc {

// Hears systemd-logind's PrepareForSleep(bool) signal: true just before the machine suspends,
// false after it woke. Where there is no system bus or no logind (containers, some BSDs), it says
// so with unavailableReason() and never emits; the scheduler still notices a sleep from the
// clock, only without the grace period.
//
// logind waits for nobody unless asked: the watcher holds a "delay" sleep inhibitor, so the
// machine waits (at most logind's InhibitDelayMaxSec, 5 s by default) until the checker has
// stopped its run; releaseDelayLock() lets it sleep. A fallback timer releases it anyway after
// kReleaseAfterMs, and a new lock is taken after waking.
class SleepWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kService = "org.freedesktop.login1";
    static constexpr const char *kPath = "/org/freedesktop/login1";
    static constexpr const char *kInterface = "org.freedesktop.login1.Manager";

    // Listens on the system bus.
    explicit SleepWatcher(QObject *parent = nullptr);
    // Listens on `bus` (tests use a session bus under dbus-run-session with a fake logind).
    explicit SleepWatcher(const QDBusConnection &bus, QObject *parent = nullptr);

    static constexpr int kReleaseAfterMs = 3000;

    bool isAvailable() const { return m_available; }
    QString unavailableReason() const { return m_unavailableReason; }
    bool holdsDelayLock() const { return m_lock.isValid(); }
    void setReleaseAfterMs(int ms) { m_releaseTimer.setInterval(ms); }

public slots:
    // The checker is ready for the sleep: let the machine go.
    void releaseDelayLock();

signals:
    void prepareForSleep(bool goingToSleep);
    void delayLockChanged(bool held);

private slots:
    void onPrepareForSleep(bool goingToSleep);

private:
    void subscribe(QDBusConnection bus);
    void takeDelayLock();

    QDBusConnection m_bus{QString()};
    bool m_available = false;
    QString m_unavailableReason;
    QDBusUnixFileDescriptor m_lock;
    QTimer m_releaseTimer;
};

} // namespace cc
