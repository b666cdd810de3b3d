#include "SleepWatcher.h"

#include <QDBusConnectionInterface>

namespace cc {

SleepWatcher::SleepWatcher(QObject *parent) : QObject(parent)
{
    subscribe(QDBusConnection::systemBus());
}

SleepWatcher::SleepWatcher(const QDBusConnection &bus, QObject *parent) : QObject(parent)
{
    subscribe(bus);
}

void SleepWatcher::subscribe(QDBusConnection bus)
{
    if (!bus.isConnected()) {
        m_unavailableReason = tr("no D-Bus system bus (%1)").arg(bus.lastError().message());
        return;
    }
    const QString service = QString::fromLatin1(kService);
    // logind is started on demand on some systems: registered or activatable both count.
    const bool present = bus.interface()->isServiceRegistered(service).value() ||
                         bus.interface()->activatableServiceNames().value().contains(service);
    if (!present) {
        m_unavailableReason = tr("systemd-logind is not on the bus");
        return;
    }
    m_available = bus.connect(service, QString::fromLatin1(kPath), QString::fromLatin1(kInterface),
                              QStringLiteral("PrepareForSleep"), this, SLOT(onPrepareForSleep(bool)));
    if (!m_available)
        m_unavailableReason = tr("could not subscribe to PrepareForSleep: %1").arg(bus.lastError().message());
}

void SleepWatcher::onPrepareForSleep(bool goingToSleep)
{
    emit prepareForSleep(goingToSleep);
}

} // namespace cc
