#pragma once

#include "DesktopNotification.h"

#include <QDBusConnection>
#include <QHash>
#include <QObject>

namespace cc {

// Desktop notifications straight through the freedesktop notification service
// (org.freedesktop.Notifications), for sessions without a system tray: GNOME without an
// indicator extension has no tray but does show notifications. Clicking one (its default
// action) reports the panel it is about. Each kind replaces its own previous notification, so a
// slow reader never finds a stack of them.
class FreedesktopNotifier : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kService = "org.freedesktop.Notifications";
    static constexpr const char *kPath = "/org/freedesktop/Notifications";

    explicit FreedesktopNotifier(QObject *parent = nullptr); // the session bus
    explicit FreedesktopNotifier(const QDBusConnection &bus, QObject *parent = nullptr);

    // A notification service is on the bus now.
    bool isAvailable() const;
    void show(const DesktopNotification &notification);

signals:
    void clicked(cc::DesktopNotification::Target target);
    // The service answered Notify (id) or refused it (error), for diagnostics and tests.
    void shown(uint id);
    void failed(const QString &error);

private slots:
    void onActionInvoked(uint id, const QString &actionKey);
    void onClosed(uint id, uint reason);

private:
    void subscribe();

    QDBusConnection m_bus;
    QHash<uint, DesktopNotification::Target> m_targets;
    QHash<int, uint> m_lastIdByKind; // what a new notification of the same kind replaces
};

} // namespace cc
