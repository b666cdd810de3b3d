#include "DesktopSession.h"

#include "ErrorsPanel.h"
#include "MainWindow.h"
#include "TrayAvailability.h"
#include "TrayIcon.h"
#include "base/Clock.h"
#include "checker/CheckerController.h"
#include "models/CheckerStatus.h"
#include "session/FreedesktopNotifier.h"
#include "session/ScheduleGuard.h"
#include "session/SystemHold.h"

#include <QDebug>
#include <QSettings>

namespace cc {

namespace {
const QString kHintShownKey = QStringLiteral("ui/trayHintShown");
} // namespace

DesktopSession::DesktopSession(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_status(new CheckerStatus(this)),
      m_tray(new TrayIcon(m_status, this)), m_trayAvailability(new TrayAvailability(options.trayProbe, this)),
      m_guard(new ScheduleGuard(options.clock, options.watchSystem, this)),
      m_policy(options.clock ? options.clock : SystemClock::instance())
{
    m_policy.setEnabled(options.notificationsEnabled);
    if (options.trayRetryMs >= 0 && options.trayWaitMs >= 0)
        m_trayAvailability->setTiming(options.trayRetryMs, options.trayWaitMs);
    connectTray();

    // The guard holds the checker; the session shows it and keeps outages quiet meanwhile.
    // While held, what fails is not news about the services (the inputs are ignored below) and
    // outages are not told; what was known before the hold stands until a run says otherwise.
    SystemHold *hold = m_guard->hold();
    const auto showHold = [this, hold] {
        m_policy.setOutagesSuppressed(hold->isHeld());
        m_status->setHold(hold->reason(), hold->phase() == SystemHold::Phase::Offline);
    };
    connect(hold, &SystemHold::holdRequested, this, showHold);
    connect(hold, &SystemHold::released, this, showHold);
    showHold(); // the guard may have found the machine offline already
    m_completionsTimer.setObjectName(QStringLiteral("completionsTimer"));
    m_completionsTimer.setSingleShot(true);
    m_completionsTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_completionsTimer, &QTimer::timeout, this, [this] { notify(m_policy.flushCompletions()); });
    for (const QString &limitation : m_guard->limitations())
        qInfo().noquote() << "Completion Checker:" << limitation;
    if (options.freedesktopNotifications) {
        m_freedesktop = new FreedesktopNotifier(this);
        connect(m_freedesktop, &FreedesktopNotifier::clicked, this, &DesktopSession::openTarget);
        connect(m_freedesktop, &FreedesktopNotifier::failed, this, [](const QString &error) {
            qInfo().noquote() << "A desktop notification could not be shown:" << error;
        });
    }
    connect(m_trayAvailability, &TrayAvailability::available, this, &DesktopSession::trayBecameAvailable);
    connect(m_trayAvailability, &TrayAvailability::gaveUp, this, &DesktopSession::trayGaveUp);
}

DesktopSession::~DesktopSession() = default;

SystemHold *DesktopSession::systemHold() const
{
    return m_guard->hold();
}

void DesktopSession::connectTray()
{
    connect(m_tray, &TrayIcon::openRequested, this, &DesktopSession::bringWindowToFront);
    connect(m_tray, &TrayIcon::toggleWindowRequested, this, &DesktopSession::toggleWindow);
    connect(m_tray, &TrayIcon::runNowRequested, this, [this] {
        if (m_controller)
            m_controller->call(&CheckerWorker::runNow, RunTrigger::Manual, 0);
    });
    connect(m_tray, &TrayIcon::pauseRequested, this, [this](bool pause) {
        if (!m_controller)
            return;
        if (pause)
            m_controller->call(&CheckerWorker::pauseSchedule);
        else
            m_controller->call(&CheckerWorker::resumeSchedule);
    });
    connect(m_tray, &TrayIcon::checkLearnerRequested, this, [this] {
        bringWindowToFront();
        if (m_window)
            m_window->openManualCheck();
    });
    connect(m_tray, &TrayIcon::errorsRequested, this,
            [this] { openTarget(DesktopNotification::Target::Errors); });
    connect(m_tray, &TrayIcon::settingsRequested, this, &DesktopSession::settingsRequested);
    connect(m_tray, &TrayIcon::quitRequested, this, &DesktopSession::quitRequested);
    connect(m_tray, &TrayIcon::notificationClicked, this, &DesktopSession::openTarget);
}

void DesktopSession::attach(CheckerController *controller, MainWindow *window, bool previousVisible)
{
    m_controller = controller;
    m_window = window;
    connectWorker();
    connect(window->errorsPanel(), &ErrorsPanel::errorCountChanged, m_status, &CheckerStatus::setErrorCount);
    connect(window, &MainWindow::hiddenToTray, this, &DesktopSession::onWindowHiddenToTray);
    m_guard->setController(controller);

    if (!m_windowShownOnce) {
        m_windowShownOnce = true;
        m_trayAvailability->start(); // may call trayBecameAvailable() right away
        if (!m_trayUsable) {
            // No tray (yet): never leave the app without a visible window.
            if (m_options.startMinimized)
                window->showMinimized();
            else
                window->show();
        } else if (!m_options.startMinimized) {
            window->show();
        }
    } else {
        window->setCloseHidesToTray(m_trayUsable);
        if (previousVisible || !m_trayUsable)
            window->show();
    }
}

void DesktopSession::connectWorker()
{
    CheckerWorker *w = m_controller->worker();
    m_status->follow(w); // first: the status has the run before the notifications below are made
    connect(w, &CheckerWorker::runFinished, this, [this](const RunRecord &run) {
        // A run stopped for sleep or by the network says nothing about the services or the
        // schedule; its completions are news all the same.
        const bool held = m_guard->hold()->isHeld();
        QList<DesktopNotification> news;
        if (!held)
            news = applyTransitions(m_services.onRunFinished(run));
        news += m_policy.runFinished(run, !held);
        notify(news); // one message for what one run told
        const qint64 due = m_policy.completionsDueInMs();
        if (due >= 0)
            m_completionsTimer.start(int(due) + 1000);
    });
    connect(w, &CheckerWorker::serviceStateChanged, this,
            [this](const QString &service, const QString &state) {
                if (!m_guard->hold()->isHeld())
                    notify(applyTransitions(m_services.onBreakerState(service, state)));
            });
    connect(w, &CheckerWorker::healthChecked, this, [this](const HealthReport &report) {
        if (!m_guard->hold()->isHeld())
            notify(applyTransitions(m_services.onHealth(report)));
    });
}

QList<DesktopNotification> DesktopSession::applyTransitions(const QList<ServiceTransition> &changes)
{
    QList<DesktopNotification> out;
    if (changes.isEmpty())
        return out;
    m_status->setServices(m_services);
    for (const ServiceTransition &change : changes)
        out += m_policy.serviceChanged(change);
    return out;
}

void DesktopSession::notify(const QList<DesktopNotification> &notifications)
{
    if (notifications.isEmpty())
        return;
    // One event, one message: the most severe leads (its panel is what a click opens), the
    // others are named in its text.
    DesktopNotification shown = notifications.first();
    for (const DesktopNotification &n : notifications) {
        if (int(n.severity) > int(shown.severity))
            shown = n;
    }
    for (const DesktopNotification &n : notifications) {
        if (n.title != shown.title)
            shown.body += QStringLiteral("\nAlso: ") + n.title;
    }
    if (m_tray->isVisible())
        m_tray->showNotification(shown);
    else if (m_freedesktop && m_freedesktop->isAvailable())
        m_freedesktop->show(shown); // no tray (e.g. GNOME without an indicator extension)
    emit notified(shown);
}

void DesktopSession::setNotificationsEnabled(bool enabled)
{
    m_policy.setEnabled(enabled);
}

void DesktopSession::trayBecameAvailable()
{
    m_trayUsable = true;
    m_tray->setVisible(true);
    if (!m_window)
        return;
    m_window->setCloseHidesToTray(true);
    // Asked to start in the tray but shown minimized while the panel was not there yet.
    if (m_options.startMinimized && m_window->isMinimized())
        m_window->hide();
}

void DesktopSession::trayGaveUp()
{
    qInfo().noquote() << "No system tray in this session: Completion Checker runs as a normal window "
                         "(closing it quits).";
    m_trayUsable = false;
    if (m_window) {
        m_window->setCloseHidesToTray(false);
        if (!m_window->isVisible())
            m_window->showMinimized();
    }
}

void DesktopSession::bringWindowToFront()
{
    if (!m_window)
        return;
    if (m_window->isMinimized())
        m_window->showNormal();
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void DesktopSession::toggleWindow()
{
    if (!m_window)
        return;
    if (m_window->isVisible() && !m_window->isMinimized())
        m_window->hide();
    else
        bringWindowToFront();
}

void DesktopSession::openTarget(DesktopNotification::Target target)
{
    if (target == DesktopNotification::Target::Settings) {
        emit settingsRequested();
        return;
    }
    bringWindowToFront();
    if (!m_window)
        return;
    switch (target) {
    case DesktopNotification::Target::Learners:
        return m_window->showTab(MainWindow::Tab::Learners);
    case DesktopNotification::Target::BatchStats:
        return m_window->showTab(MainWindow::Tab::BatchStats);
    case DesktopNotification::Target::Errors:
        return m_window->showTab(MainWindow::Tab::Errors);
    case DesktopNotification::Target::Health:
        return m_window->showTab(MainWindow::Tab::Health);
    case DesktopNotification::Target::Settings:
        return;
    }
}

void DesktopSession::onWindowHiddenToTray()
{
    if (m_options.settings && m_options.settings->value(kHintShownKey).toBool())
        return;
    const DesktopNotification hint{
        DesktopNotification::Kind::Hint, DesktopNotification::Severity::Information,
        DesktopNotification::Target::Learners, tr("Completion Checker is still running"),
        tr("It keeps checking on schedule from the tray. Use Quit in the tray menu "
           "to stop it.")};
    // Shown even with notifications turned off: it explains where the window went, once.
    m_tray->showNotification(hint);
    emit notified(hint);
    if (m_options.settings) {
        m_options.settings->setValue(kHintShownKey, true);
        m_options.settings->sync();
    }
}

} // namespace cc
