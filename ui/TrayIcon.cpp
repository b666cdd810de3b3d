#include "TrayIcon.h"

#include <QHash>
#include <QMenu>

static void initTrayResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace cc {

TrayIcon::TrayIcon(CheckerStatus *status, QObject *parent)
    : QObject(parent), m_status(status), m_icon(new QSystemTrayIcon(this)), m_menu(new QMenu)
{
    initTrayResources();
    // A disabled first line says the state in words, for panels that show no tooltips.
    m_header = m_menu->addAction(QString());
    m_header->setEnabled(false);
    m_menu->addSeparator();
    m_open = m_menu->addAction(tr("&Open Completion Checker"));
    m_runNow = m_menu->addAction(tr("&Run now"));
    m_pause = m_menu->addAction(tr("&Pause schedule"));
    m_checkLearner = m_menu->addAction(tr("&Check learner…"));
    m_errors = m_menu->addAction(tr("&Errors"));
    m_menu->addSeparator();
    m_settings = m_menu->addAction(tr("&Settings…"));
    m_quit = m_menu->addAction(tr("&Quit"));
    m_icon->setContextMenu(m_menu);

    connect(m_open, &QAction::triggered, this, &TrayIcon::openRequested);
    connect(m_runNow, &QAction::triggered, this, &TrayIcon::runNowRequested);
    connect(m_pause, &QAction::triggered, this, [this] { emit pauseRequested(!m_status->isPaused()); });
    connect(m_checkLearner, &QAction::triggered, this, &TrayIcon::checkLearnerRequested);
    connect(m_errors, &QAction::triggered, this, &TrayIcon::errorsRequested);
    connect(m_settings, &QAction::triggered, this, &TrayIcon::settingsRequested);
    connect(m_quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            emit toggleWindowRequested();
        else if (reason == QSystemTrayIcon::DoubleClick || reason == QSystemTrayIcon::MiddleClick)
            emit openRequested();
    });
    connect(m_icon, &QSystemTrayIcon::messageClicked, this,
            [this] { emit notificationClicked(m_lastTarget); });
    connect(m_status, &CheckerStatus::changed, this, &TrayIcon::refresh);
    refresh();
}

TrayIcon::~TrayIcon()
{
    delete m_menu; // a context menu has no parent: QSystemTrayIcon does not own it
}

QIcon TrayIcon::iconFor(CheckerStatus::State state)
{
    initTrayResources();
    static QHash<CheckerStatus::State, QIcon> cache;
    auto it = cache.find(state);
    if (it == cache.end()) {
        const QString path = QStringLiteral(":/icons/tray-%1.svg").arg(CheckerStatus::stateName(state));
        it = cache.insert(state, QIcon(path));
    }
    return *it;
}

void TrayIcon::setVisible(bool visible)
{
    m_icon->setVisible(visible);
}

bool TrayIcon::isVisible() const
{
    return m_icon->isVisible();
}

void TrayIcon::refresh()
{
    m_shownState = m_status->state();
    m_icon->setIcon(iconFor(m_shownState));
    m_icon->setToolTip(m_status->tooltip());
    m_header->setText(m_status->summary());
    m_pause->setText(m_status->isPaused() ? tr("Resume &schedule") : tr("&Pause schedule"));
    m_runNow->setEnabled(!m_status->isRunning());
    const int errors = m_status->errorCount();
    m_errors->setText(errors > 0 ? tr("&Errors (%1)").arg(errors) : tr("&Errors"));
    // Shown only when there is something to see (the "Errors (N) when there are errors").
    m_errors->setVisible(errors > 0);
}

void TrayIcon::showNotification(const DesktopNotification &notification)
{
    m_lastTarget = notification.target;
    QSystemTrayIcon::MessageIcon icon = QSystemTrayIcon::Information;
    if (notification.severity == DesktopNotification::Severity::Warning)
        icon = QSystemTrayIcon::Warning;
    else if (notification.severity == DesktopNotification::Severity::Critical)
        icon = QSystemTrayIcon::Critical;
    m_icon->showMessage(notification.title, notification.body, icon, 10000);
}

} // namespace cc
