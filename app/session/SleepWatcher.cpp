#include "SleepWatcher.h"

#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDebug>

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
    m_bus = bus;
    m_releaseTimer.setSingleShot(true);
    m_releaseTimer.setInterval(kReleaseAfterMs);
    connect(&m_releaseTimer, &QTimer::timeout, this, &SleepWatcher::releaseDelayLock);
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
    if (!m_available) {
        m_unavailableReason = tr("could not subscribe to PrepareForSleep: %1").arg(bus.lastError().message());
        return;
    }
    takeDelayLock();
}

void SleepWatcher::takeDelayLock()
{
    if (m_lock.isValid() || !m_bus.isConnected())
        return;
    QDBusMessage call =
        QDBusMessage::createMethodCall(QString::fromLatin1(kService), QString::fromLatin1(kPath),
                                       QString::fromLatin1(kInterface), QStringLiteral("Inhibit"));
    call << QStringLiteral("sleep") << QStringLiteral("Completion Checker")
         << QStringLiteral("Stopping the current check run cleanly") << QStringLiteral("delay");
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QDBusPendingReply<QDBusUnixFileDescriptor> reply = *watcher;
        if (reply.isError()) {
            // Not fatal: sleep is still noticed, the run is just not waited for.
            qInfo().noquote() << "Completion Checker: no sleep delay lock from logind:"
                              << reply.error().message();
            return;
        }
        m_lock = reply.value();
        emit delayLockChanged(true);
    });
}

void SleepWatcher::releaseDelayLock()
{
    m_releaseTimer.stop();
    if (!m_lock.isValid())
        return;
    m_lock = QDBusUnixFileDescriptor(); // closing our copy of the descriptor releases the lock
    emit delayLockChanged(false);
}

void SleepWatcher::onPrepareForSleep(bool goingToSleep)
{
    if (goingToSleep) {
        m_releaseTimer.start(); // never keep the machine awake for long, whatever happens
    } else {
        // Suspended before the fallback fired: the lock we still hold is the one for next time.
        m_releaseTimer.stop();
        takeDelayLock();
    }
    emit prepareForSleep(goingToSleep);
}

} // namespace cc
