#pragma once

#include <QDBusConnection>
#include <QObject>
#include <QString>

namespace cc {

// Hears systemd-logind's PrepareForSleep(bool) signal: true just before the machine suspends,
// false after it woke. Where there is no system bus or no logind (containers, some BSDs), it says
// so with unavailableReason() and never emits; the scheduler still notices a sleep from the
// clock, only without the grace period.
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

    bool isAvailable() const { return m_available; }
    QString unavailableReason() const { return m_unavailableReason; }

signals:
    void prepareForSleep(bool goingToSleep);

private slots:
    void onPrepareForSleep(bool goingToSleep);

private:
    void subscribe(QDBusConnection bus);

    bool m_available = false;
    QString m_unavailableReason;
};

} // namespace cc
