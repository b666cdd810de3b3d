#pragma once

#include <QLockFile>
#include <QObject>
#include <QStringList>
#include <memory>

class QLocalServer;

namespace cc {

// One desktop instance per user (and settings file). The first launch takes a lock file and
// listens on a local socket in the user's runtime directory; a later launch finds the lock
// taken, sends its arguments over the socket and exits, and the first one raises its window or
// opens what was asked (e.g. --gui --check ID).
//
// A crash leaves the lock file behind: QLockFile sees that the process named in it is gone and
// takes it over; the stale socket is removed before listening.
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    enum class Role { Primary, Secondary, Failed };

    // `key` names the instance (a user can run separate ones with separate settings files);
    // `directory` is where the lock and socket live (default: the user's runtime directory).
    explicit SingleInstance(const QString &key, const QString &directory = QString(),
                            QObject *parent = nullptr);
    ~SingleInstance() override;

    // Takes the lock and listens (Primary), or finds another instance (Secondary). Failed: neither
    // (error() says why).
    Role claim();
    // As Secondary: hands `arguments` to the primary and waits for its acknowledgement, at most
    // `timeoutMs`. False with error() when nobody answered; false with isPrimary() when the
    // other instance quit meanwhile and this one took the lock over.
    bool sendToPrimary(const QStringList &arguments, int timeoutMs = 5000);
    bool isPrimary() const { return m_primary; }
    // Whether a live process holds the instance `key` (e.g. the demo's while this one is not),
    // without taking or disturbing it for longer than a probe.
    static bool isRunning(const QString &key, const QString &directory = QString());

    // The app is quitting: later launches get no answer and wait for the lock instead.
    void stopListening();
    // Stops answering and gives the lock up.
    void release();

    QString error() const { return m_error; }
    QString socketPath() const { return m_socketPath; }
    QString lockPath() const { return m_lockPath; }
    // The key for this user and settings file ("" = the default settings); the demo (--sandbox)
    // is an instance of its own, so trying it never disturbs the real one.
    static QString keyFor(const QString &settingsFile, bool sandbox = false);

signals:
    void argumentsReceived(const QStringList &arguments);

private:
    void acceptConnections();
    void listen();

    QString m_lockPath;
    QString m_socketPath;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer *m_server = nullptr;
    QString m_error;
    bool m_primary = false;
};

} // namespace cc
