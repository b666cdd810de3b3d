#include "FreedesktopNotifier.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>

namespace cc {

namespace {
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
const QString kDefaultAction = QStringLiteral("default");
} // namespace

FreedesktopNotifier::FreedesktopNotifier(QObject *parent)
    : QObject(parent), m_bus(QDBusConnection::sessionBus())
{
    subscribe();
}

FreedesktopNotifier::FreedesktopNotifier(const QDBusConnection &bus, QObject *parent)
    : QObject(parent), m_bus(bus)
{
    subscribe();
}

void FreedesktopNotifier::subscribe()
{
    if (!m_bus.isConnected())
        return;
    const QString service = QString::fromLatin1(kService);
    const QString path = QString::fromLatin1(kPath);
    m_bus.connect(service, path, kInterface, QStringLiteral("ActionInvoked"), this,
                  SLOT(onActionInvoked(uint, QString)));
    m_bus.connect(service, path, kInterface, QStringLiteral("NotificationClosed"), this,
                  SLOT(onClosed(uint, uint)));
}

bool FreedesktopNotifier::isAvailable() const
{
    if (!m_bus.isConnected())
        return false;
    const QString service = QString::fromLatin1(kService);
    return m_bus.interface()->isServiceRegistered(service).value() ||
           m_bus.interface()->activatableServiceNames().value().contains(service);
}

void FreedesktopNotifier::show(const DesktopNotification &notification)
{
    if (!m_bus.isConnected()) {
        emit failed(tr("no D-Bus session bus"));
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(
        QString::fromLatin1(kService), QString::fromLatin1(kPath), kInterface, QStringLiteral("Notify"));
    const uint urgency = notification.severity == DesktopNotification::Severity::Critical  ? 2
                         : notification.severity == DesktopNotification::Severity::Warning ? 1
                                                                                           : 0;
    const QVariantMap hints{{QStringLiteral("urgency"), QVariant::fromValue(uchar(urgency))},
                            {QStringLiteral("desktop-entry"), QStringLiteral("completion-checker")}};
    const int kind = int(notification.kind);
    call << QStringLiteral("Completion Checker") << m_lastIdByKind.value(kind, 0u)
         << QStringLiteral("completion-checker") << notification.title << notification.body
         << QStringList{kDefaultAction, tr("Open")} << hints << int(-1);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    const DesktopNotification::Target target = notification.target;
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, kind, target] {
        watcher->deleteLater();
        const QDBusPendingReply<uint> reply = *watcher;
        if (reply.isError()) {
            emit failed(reply.error().message());
            return;
        }
        const uint id = reply.value();
        m_lastIdByKind.insert(kind, id);
        m_targets.insert(id, target);
        emit shown(id);
    });
}

void FreedesktopNotifier::onActionInvoked(uint id, const QString &actionKey)
{
    const auto it = m_targets.constFind(id);
    if (it == m_targets.cend() || actionKey != kDefaultAction)
        return;
    emit clicked(*it);
}

void FreedesktopNotifier::onClosed(uint id, uint)
{
    m_targets.remove(id);
}

} // namespace cc
