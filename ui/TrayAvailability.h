#pragma once

#include <QObject>
#include <QTimer>
#include <functional>

namespace cc {

// Whether there is a system tray to live in. Panels often start after the apps of a session
// (autostart races the panel), so a missing tray is asked about again every kRetryMs until
// kWaitMs have passed; then the app stays a normal windowed app. Single-shot timer: no polling
// once decided.
class TrayAvailability : public QObject
{
    Q_OBJECT
public:
    static constexpr int kRetryMs = 2000;
    static constexpr int kWaitMs = 30000;

    // `probe` answers "is there a tray now?" (QSystemTrayIcon::isSystemTrayAvailable by default).
    explicit TrayAvailability(std::function<bool()> probe = {}, QObject *parent = nullptr);
    void setTiming(int retryMs, int waitMs);

    // Asks at once; emits available() now or later, or gaveUp() after the wait.
    void start();
    bool isAvailable() const { return m_available; }
    bool isWaiting() const { return m_timer.isActive(); }

signals:
    void available();
    void gaveUp();

private:
    void probeOnce();

    std::function<bool()> m_probe;
    QTimer m_timer;
    int m_retryMs = kRetryMs;
    int m_waitMs = kWaitMs;
    int m_waitedMs = 0;
    bool m_available = false;
};

} // namespace cc
