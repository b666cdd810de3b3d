#pragma once

#include "base/HealthReport.h"
#include "base/RunRecord.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace cc {

enum class ServiceCondition { Unknown, Up, Unreachable, CredentialsRefused };
QString serviceConditionName(ServiceCondition condition);
// "Appwrite", "Graphy": how the tray and notifications name a service.
QString serviceDisplayName(const QString &service);

struct ServiceTransition
{
    QString service; // "appwrite" or "graphy"
    ServiceCondition from = ServiceCondition::Unknown;
    ServiceCondition to = ServiceCondition::Unknown;
    QString detail; // what was seen, e.g. the health message or the run's end reason
};

// What the app currently believes about each service, from the three places that tell: the
// circuit breakers, health checks and finished runs. It reports changes only, so the tray and
// notifications react to an outage once, not to every failed request.
class ServiceAvailability
{
public:
    QList<ServiceTransition> onBreakerState(const QString &service, const QString &breakerState);
    QList<ServiceTransition> onHealth(const HealthReport &report);
    QList<ServiceTransition> onRunFinished(const RunRecord &run);
    // Forget what was seen (after waking: errors from the grace period are not an outage).
    void reset();

    ServiceCondition condition(const QString &service) const;
    QString detail(const QString &service) const;
    // The first service that is down (unreachable or refusing credentials), or an empty string.
    QString firstDown() const;

private:
    void set(const QString &service, ServiceCondition to, const QString &detail,
             QList<ServiceTransition> *changes);

    QHash<QString, ServiceCondition> m_conditions;
    QHash<QString, QString> m_details;
};

} // namespace cc
