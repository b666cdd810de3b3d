#pragma once

#include <QString>
#include <QStringList>

namespace cc {

// The XDG autostart entry (~/.config/autostart/completion-checker.desktop) that starts the app
// in the tray at login. The file itself is the setting: the settings dialog shows whether it
// exists and writes or removes it.
class AutostartEntry
{
public:
    // `directory`: where autostart entries live; empty means $XDG_CONFIG_HOME/autostart.
    explicit AutostartEntry(const QString &directory = QString());

    QString filePath() const { return m_path; }
    // The entry exists and is not disabled (Hidden=true or X-GNOME-Autostart-enabled=false, as a
    // desktop environment's own startup settings may have written).
    bool isEnabled() const;
    // Writes the entry atomically to start `executable arguments... --minimized`.
    bool enable(const QString &executable, const QStringList &arguments, QString *error);
    bool disable(QString *error);

    // The entry's text, and one argument quoted for its Exec key (Desktop Entry spec).
    static QString entryText(const QString &executable, const QStringList &arguments);
    static QString quoteExecArgument(const QString &argument);

private:
    QString m_path;
};

} // namespace cc
