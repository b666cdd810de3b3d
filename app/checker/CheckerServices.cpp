#include "CheckerServices.h"

#include "EngineConfiguration.h"
#include "base/Clock.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"
#include "net/ServiceChannel.h"

#include <QNetworkAccessManager>

namespace cc {

CheckerServices::CheckerServices(const EngineSettings &settings, Purpose purpose, const Clock *clock,
                                 QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent), m_clock(clock)
{
    if (!nam)
        nam = new QNetworkAccessManager(this);
    const bool checking = purpose == Purpose::Checking;
    // Appwrite carries the run's listing and writes beside the Graphy lookups: two more in flight.
    // A connection test sends a handful of requests: no limit, nothing to adapt.
    m_appwriteChannel =
        new ServiceChannel(EngineConfiguration::channelSettings(
                               QStringLiteral("appwrite"), settings, checking ? settings.concurrency + 2 : 2,
                               checking ? settings.appwriteRatePerSecond : 0,
                               checking && settings.appwriteRateAdaptive, settings.appwriteStartRate),
                           nam, clock, this);
    m_graphyChannel =
        new ServiceChannel(EngineConfiguration::channelSettings(
                               QStringLiteral("graphy"), settings, checking ? settings.concurrency : 2,
                               checking ? settings.graphyRatePerSecond : 0,
                               checking && settings.graphyRateAdaptive, settings.graphyStartRate),
                           nam, clock, this);
    m_appwrite = new AppwriteClient(settings.appwrite, m_appwriteChannel, this);
    m_graphy = new GraphyClient(settings.graphy, m_graphyChannel, this);
}

LearnerCheck::Services CheckerServices::checkServices() const
{
    return {m_appwrite, m_graphy, m_clock};
}

void CheckerServices::abortAll()
{
    m_appwriteChannel->abortAll();
    m_graphyChannel->abortAll();
}

void CheckerServices::abortOwnedBy(const QObject *owner)
{
    m_appwriteChannel->abortOwnedBy(owner);
    m_graphyChannel->abortOwnedBy(owner);
}

} // namespace cc
