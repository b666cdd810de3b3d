#include "NetworkWatcher.h"

#include <QNetworkInformation>

namespace cc {

namespace {
bool reachable(QNetworkInformation::Reachability r)
{
    return r != QNetworkInformation::Reachability::Disconnected;
}
} // namespace

NetworkWatcher::NetworkWatcher(QObject *parent) : QObject(parent)
{
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        return;
    QNetworkInformation *info = QNetworkInformation::instance();
    if (!info)
        return;
    m_available = true;
    m_backend = info->backendName();
    m_online = reachable(info->reachability());
    connect(info, &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability r) { setOnline(reachable(r)); });
}

void NetworkWatcher::setOnline(bool online)
{
    if (online == m_online)
        return;
    m_online = online;
    emit onlineChanged(online);
}

} // namespace cc
