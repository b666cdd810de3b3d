#pragma once

#include "config/AppConfig.h"
#include "session/AutostartEntry.h"

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QLabel;

namespace cc {

// The settings dialog's "Desktop" page: notifications, starting in the tray, starting at login.
// The first two are settings; the third is the XDG autostart file itself, written on apply.
class DesktopSettingsPage : public QWidget
{
    Q_OBJECT
public:
    explicit DesktopSettingsPage(const AppConfig &current, QWidget *parent = nullptr);

    // What a login start runs after the executable (e.g. --config FILE); --minimized is added.
    void setAutostartArguments(const QStringList &arguments) { m_autostartArguments = arguments; }
    void setAutostartEntry(const AutostartEntry &entry);

    void applyTo(AppConfig *config) const;
    // Writes or removes the autostart entry if the box changed. False with *error on failure.
    bool applyAutostart(QString *error);

    QCheckBox *notificationsBox() const { return m_notifications; }
    QCheckBox *startInTrayBox() const { return m_startInTray; }
    QCheckBox *startAtLoginBox() const { return m_startAtLogin; }
    const AutostartEntry &autostartEntry() const { return m_entry; }

private:
    AutostartEntry m_entry;
    QStringList m_autostartArguments;
    QCheckBox *m_notifications;
    QCheckBox *m_startInTray;
    QCheckBox *m_startAtLogin;
    QLabel *m_autostartPath;
};

} // namespace cc
