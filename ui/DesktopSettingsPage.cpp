#include "DesktopSettingsPage.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QLabel>
#include <QVBoxLayout>

namespace cc {

namespace {
QLabel *note(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setIndent(24);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}
} // namespace

DesktopSettingsPage::DesktopSettingsPage(const AppConfig &current, QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    m_notifications = new QCheckBox(tr("Show &notifications"));
    m_notifications->setObjectName(QStringLiteral("notificationsEnabled"));
    m_notifications->setChecked(current.notificationsEnabled);
    layout->addWidget(m_notifications);
    layout->addWidget(note(tr("Only when something changes: completions found by a run (one summary "
                              "per run), a service going down or coming back, a refused API key, "
                              "runs failing several times in a row.")));

    m_startInTray = new QCheckBox(tr("Start in the &tray"));
    m_startInTray->setObjectName(QStringLiteral("startMinimized"));
    m_startInTray->setChecked(current.startMinimized);
    layout->addWidget(m_startInTray);
    layout->addWidget(note(tr("The window opens from the tray icon. Without a system tray the window "
                              "starts minimized instead.")));

    m_startAtLogin = new QCheckBox(tr("Start at &login (in the tray)"));
    m_startAtLogin->setObjectName(QStringLiteral("startAtLogin"));
    layout->addWidget(m_startAtLogin);
    m_autostartPath = note(QString());
    m_autostartPath->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_autostartPath);
    layout->addStretch(1);
    setAutostartEntry(AutostartEntry());
}

void DesktopSettingsPage::setAutostartEntry(const AutostartEntry &entry)
{
    m_entry = entry;
    m_startAtLogin->setChecked(m_entry.isEnabled());
    m_autostartPath->setText(tr("Writes %1").arg(m_entry.filePath()));
}

void DesktopSettingsPage::applyTo(AppConfig *config) const
{
    config->notificationsEnabled = m_notifications->isChecked();
    config->startMinimized = m_startInTray->isChecked();
}

bool DesktopSettingsPage::applyAutostart(QString *error)
{
    const bool wanted = m_startAtLogin->isChecked();
    if (wanted == m_entry.isEnabled())
        return true;
    return wanted ? m_entry.enable(QCoreApplication::applicationFilePath(), m_autostartArguments, error)
                  : m_entry.disable(error);
}

} // namespace cc
