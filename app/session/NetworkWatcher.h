#pragma once

#include <QObject>
#include <QString>

namespace cc {

// Whether the machine is online, from QNetworkInformation where a backend exists (NetworkManager,
// glib). Only a definite "disconnected" counts as offline: an unknown state (no backend, a
// container) is treated as online, so a missing backend can never stop the checker.
class NetworkWatcher : public QObject
{
    Q_OBJECT
public:
    explicit NetworkWatcher(QObject *parent = nullptr);

    bool isAvailable() const { return m_available; }
    QString backendName() const { return m_backend; }
    bool isOnline() const { return m_online; }

signals:
    void onlineChanged(bool online);

private:
    void setOnline(bool online);

    bool m_available = false;
    bool m_online = true;
    QString m_backend;
};

} // namespace cc
