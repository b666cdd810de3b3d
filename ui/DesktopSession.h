#pragma once

#include "session/DesktopNotification.h"
#include "session/NotificationPolicy.h"
#include "session/ServiceAvailability.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>

class QSettings;

namespace cc {

class CheckerController;
class Clock;
class MainWindow;
class ScheduleGuard;
class SystemHold;
class TrayAvailability;
class TrayIcon;
class CheckerStatus;

// The app's life in the desktop session: the tray icon and its menu, closing to the tray,
// notifications, and holding the schedule while the machine sleeps or is offline. It outlives
// the checker and the window (they are rebuilt when settings change) and is attached to each
// new pair with attach().
class FreedesktopNotifier;

class DesktopSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool startMinimized = false;
        bool notificationsEnabled = true;
        QSettings *settings = nullptr; // remembers that the close-to-tray hint was shown
        Clock *clock = nullptr;        // null: the system clock
        // Tests replace the tray probe and its timing, and leave the system buses alone.
        std::function<bool()> trayProbe;
        int trayRetryMs = -1;
        int trayWaitMs = -1;
        bool watchSystem = true; // listen to logind and QNetworkInformation
        // Without a tray, notifications go to the freedesktop notification service on the session
        // bus (tests point this at a private bus or turn it off).
        bool freedesktopNotifications = true;
    };

    explicit DesktopSession(const Options &options, QObject *parent = nullptr);
    ~DesktopSession() override;

    // Takes over a new checker and window. The first window is shown unless the app starts in
    // the tray; a replacement is shown if the one it replaces was (`previousVisible`).
    void attach(CheckerController *controller, MainWindow *window, bool previousVisible = true);
    void setNotificationsEnabled(bool enabled);
    void bringWindowToFront();

    TrayIcon *trayIcon() const { return m_tray; }
    CheckerStatus *status() const { return m_status; }
    SystemHold *systemHold() const;
    TrayAvailability *trayAvailability() const { return m_trayAvailability; }
    FreedesktopNotifier *freedesktopNotifier() const { return m_freedesktop; }
    bool livesInTray() const { return m_trayUsable; }

signals:
    void settingsRequested();
    void quitRequested();
    // Every notification shown (also when no tray can show it); several from one event are
    // merged into one.
    void notified(const cc::DesktopNotification &notification);

private:
    void connectTray();
    void connectWorker();
    void trayBecameAvailable();
    void trayGaveUp();
    // Updates the tray from the services' changes; returns what the policy makes of them.
    QList<DesktopNotification> applyTransitions(const QList<ServiceTransition> &changes);
    void notify(const QList<DesktopNotification> &notifications);
    void openTarget(DesktopNotification::Target target);
    void toggleWindow();
    void onWindowHiddenToTray();

    Options m_options;
    CheckerStatus *m_status;
    TrayIcon *m_tray;
    TrayAvailability *m_trayAvailability;
    FreedesktopNotifier *m_freedesktop = nullptr;
    ScheduleGuard *m_guard;
    ServiceAvailability m_services;
    NotificationPolicy m_policy;
    QTimer m_completionsTimer{this}; // tells completions held back by the policy's gap
    QPointer<CheckerController> m_controller;
    QPointer<MainWindow> m_window;
    bool m_trayUsable = false;
    bool m_windowShownOnce = false;
};

} // namespace cc
