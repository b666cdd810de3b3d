#include "SingleInstance.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>

namespace cc {

namespace {
constexpr int kMaxMessageBytes = 64 * 1024;
const QByteArray kAck = QByteArrayLiteral("ok\n");
} // namespace

SingleInstance::SingleInstance(const QString &key, const QString &directory, QObject *parent)
    : QObject(parent)
{
    QString dir = directory;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (dir.isEmpty())
        dir = QDir::tempPath();
    QDir().mkpath(dir);
    m_lockPath = QDir(dir).filePath(key + QStringLiteral(".lock"));
    m_socketPath = QDir(dir).filePath(key + QStringLiteral(".socket"));
}

bool SingleInstance::isRunning(const QString &key, const QString &directory)
{
    SingleInstance probe(key, directory);
    QLockFile lock(probe.lockPath());
    if (!lock.tryLock(0))
        return lock.error() == QLockFile::LockFailedError; // held by a live process
    lock.unlock();
    return false;
}

SingleInstance::~SingleInstance()
{
    release();
}

void SingleInstance::stopListening()
{
    if (m_server)
        m_server->close();
}

void SingleInstance::release()
{
    stopListening();
    if (m_lock)
        m_lock->unlock();
    m_primary = false;
}

QString SingleInstance::keyFor(const QString &settingsFile, bool sandbox)
{
    QString key = QStringLiteral("completion-checker");
    if (sandbox)
        key += QStringLiteral("-sandbox");
    if (!settingsFile.isEmpty()) {
        const QByteArray path = QFileInfo(settingsFile).absoluteFilePath().toUtf8();
        key += QLatin1Char('-') +
               QString::fromLatin1(QCryptographicHash::hash(path, QCryptographicHash::Sha1).toHex().left(12));
    }
    return key;
}

SingleInstance::Role SingleInstance::claim()
{
    m_lock = std::make_unique<QLockFile>(m_lockPath);
    // Held for the whole life of the app: age must never make it look stale, only a dead owner.
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        if (m_lock->error() == QLockFile::LockFailedError)
            return Role::Secondary;
        m_error = tr("cannot create the instance lock %1 (%2)")
                      .arg(m_lockPath, m_lock->error() == QLockFile::PermissionError ? tr("permission denied")
                                                                                     : tr("unknown error"));
        return Role::Failed;
    }
    listen();
    return Role::Primary;
}

void SingleInstance::listen()
{
    m_primary = true;
    // We own the lock, so any socket file left there belongs to a dead instance.
    QLocalServer::removeServer(m_socketPath);
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_socketPath)) {
        // Still the only instance (we hold the lock); later launches just cannot hand over.
        m_error = tr("cannot listen on %1: %2").arg(m_socketPath, m_server->errorString());
        return;
    }
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::acceptConnections);
}

void SingleInstance::acceptConnections()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (socket->bytesAvailable() > kMaxMessageBytes) {
                socket->abort();
                return;
            }
            if (!socket->canReadLine())
                return;
            const QJsonDocument doc = QJsonDocument::fromJson(socket->readLine());
            QStringList arguments;
            for (const QJsonValue &v : doc.object().value(QStringLiteral("arguments")).toArray())
                arguments << v.toString();
            socket->write(kAck);
            socket->flush(); // the ack must not wait for the event loop (the receiver may be busy)
            socket->disconnectFromServer();
            emit argumentsReceived(arguments);
        });
    }
}

bool SingleInstance::sendToPrimary(const QStringList &arguments, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    // The primary may be between taking the lock and listening: try again for a while.
    while (true) {
        socket.connectToServer(m_socketPath);
        if (socket.waitForConnected(int(std::max<qint64>(1, deadline.remainingTime()))))
            break;
        if (m_lock && m_lock->tryLock(0)) {
            // The other instance was quitting (it stopped answering first) and is gone now.
            listen();
            return false;
        }
        if (deadline.hasExpired()) {
            m_error = tr("another instance holds %1 but does not answer on %2 (%3)")
                          .arg(m_lockPath, m_socketPath, socket.errorString());
            return false;
        }
        QThread::msleep(100);
    }
    QJsonObject message{{QStringLiteral("arguments"), QJsonArray::fromStringList(arguments)}};
    socket.write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    socket.flush();
    QByteArray reply;
    while (!reply.contains('\n') && !deadline.hasExpired()) {
        if (!socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime()))))
            break;
        reply += socket.readAll();
    }
    if (reply != kAck) {
        m_error = tr("the running instance did not confirm the hand-over (%1)").arg(socket.errorString());
        return false;
    }
    return true;
}

} // namespace cc
