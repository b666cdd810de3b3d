#pragma once

#include "models/CheckerStatus.h"
#include "session/DesktopNotification.h"

#include <QIcon>
#include <QObject>
#include <QSystemTrayIcon>

class QAction;
class QMenu;

namespace cc {

// The tray icon: its picture and tooltip follow a CheckerStatus; its menu asks for things with
// signals (the desktop session decides what they do). Left click toggles the window.
// Notifications go out through the icon (the platform shows them as balloons or as freedesktop
// notifications) and clicking one reports the panel it is about.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    explicit TrayIcon(CheckerStatus *status, QObject *parent = nullptr);
    ~TrayIcon() override;

    static QIcon iconFor(CheckerStatus::State state);

    void setVisible(bool visible);
    bool isVisible() const;
    QSystemTrayIcon *systemTrayIcon() const { return m_icon; }
    QMenu *menu() const { return m_menu; }
    QAction *openAction() const { return m_open; }
    QAction *runNowAction() const { return m_runNow; }
    QAction *pauseAction() const { return m_pause; }
    QAction *checkLearnerAction() const { return m_checkLearner; }
    QAction *errorsAction() const { return m_errors; }
    QAction *settingsAction() const { return m_settings; }
    QAction *quitAction() const { return m_quit; }
    // The state the icon shows now (tests and screenshots).
    CheckerStatus::State shownState() const { return m_shownState; }

    void showNotification(const DesktopNotification &notification);
    // The panel of the last notification shown; what a click on it opens.
    DesktopNotification::Target lastNotificationTarget() const { return m_lastTarget; }

signals:
    void openRequested();
    void toggleWindowRequested();
    void runNowRequested();
    void pauseRequested(bool pause);
    void checkLearnerRequested();
    void errorsRequested();
    void settingsRequested();
    void quitRequested();
    void notificationClicked(cc::DesktopNotification::Target target);

private:
    void refresh();

    CheckerStatus *m_status;
    QSystemTrayIcon *m_icon;
    QMenu *m_menu;
    QAction *m_header;
    QAction *m_open;
    QAction *m_runNow;
    QAction *m_pause;
    QAction *m_checkLearner;
    QAction *m_errors;
    QAction *m_settings;
    QAction *m_quit;
    CheckerStatus::State m_shownState = CheckerStatus::State::Idle;
    DesktopNotification::Target m_lastTarget = DesktopNotification::Target::Learners;
};

} // namespace cc
