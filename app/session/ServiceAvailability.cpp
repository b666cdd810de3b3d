#include "ServiceAvailability.h"

namespace cc {

namespace {
const QString kAppwrite = QStringLiteral("appwrite");
const QString kGraphy = QStringLiteral("graphy");

bool isDown(ServiceCondition c)
{
    return c == ServiceCondition::Unreachable || c == ServiceCondition::CredentialsRefused;
}
} // namespace

QString serviceConditionName(ServiceCondition condition)
{
    switch (condition) {
    case ServiceCondition::Unknown:
        return QStringLiteral("unknown");
    case ServiceCondition::Up:
        return QStringLiteral("up");
    case ServiceCondition::Unreachable:
        return QStringLiteral("unreachable");
    case ServiceCondition::CredentialsRefused:
        return QStringLiteral("credentials refused");
    }
    return {};
}

QString serviceDisplayName(const QString &service)
{
    if (service == kAppwrite)
        return QStringLiteral("Appwrite");
    if (service == kGraphy)
        return QStringLiteral("Graphy");
    return service;
}

QList<ServiceTransition> ServiceAvailability::onBreakerState(const QString &service,
                                                             const QString &breakerState)
{
    QList<ServiceTransition> changes;
    if (breakerState == QLatin1String("open")) {
        // Refused credentials do not open the breaker; keep that more precise diagnosis.
        if (condition(service) != ServiceCondition::CredentialsRefused)
            set(service, ServiceCondition::Unreachable,
                QStringLiteral("%1 failed repeatedly; requests are paused for a while")
                    .arg(serviceDisplayName(service)),
                &changes);
    } else if (breakerState == QLatin1String("closed")) {
        // The breaker closes only after a request got through.
        set(service, ServiceCondition::Up, QString(), &changes);
    }
    return changes;
}

QList<ServiceTransition> ServiceAvailability::onHealth(const HealthReport &report)
{
    QList<ServiceTransition> changes;
    for (const ServiceHealth *h : {&report.appwrite, &report.graphy}) {
        if (!h->checked)
            continue;
        const ServiceCondition c = !h->reachable       ? ServiceCondition::Unreachable
                                   : !h->credentialsOk ? ServiceCondition::CredentialsRefused
                                                       : ServiceCondition::Up;
        set(h->service, c, c == ServiceCondition::Up ? QString() : h->message, &changes);
    }
    return changes;
}

QList<ServiceTransition> ServiceAvailability::onRunFinished(const RunRecord &run)
{
    QList<ServiceTransition> changes;
    if (run.serviceUnavailable && !run.unavailableService.isEmpty()) {
        set(run.unavailableService,
            run.credentialsRefused ? ServiceCondition::CredentialsRefused : ServiceCondition::Unreachable,
            run.endReason, &changes);
        return changes;
    }
    if (run.state == RunState::Finished) {
        // Listing worked, so Appwrite answered; Graphy answered if any learner got a verdict.
        set(kAppwrite, ServiceCondition::Up, QString(), &changes);
        if (run.processed > run.errors)
            set(kGraphy, ServiceCondition::Up, QString(), &changes);
    }
    return changes;
}

void ServiceAvailability::reset()
{
    m_conditions.clear();
    m_details.clear();
}

ServiceCondition ServiceAvailability::condition(const QString &service) const
{
    return m_conditions.value(service, ServiceCondition::Unknown);
}

QString ServiceAvailability::detail(const QString &service) const
{
    return m_details.value(service);
}

QString ServiceAvailability::firstDown() const
{
    for (const QString &s : {kAppwrite, kGraphy}) {
        if (isDown(condition(s)))
            return s;
    }
    return {};
}

void ServiceAvailability::set(const QString &service, ServiceCondition to, const QString &detail,
                              QList<ServiceTransition> *changes)
{
    if (service.isEmpty())
        return;
    const ServiceCondition from = condition(service);
    m_details.insert(service, detail);
    if (from == to)
        return;
    m_conditions.insert(service, to);
    changes->append(ServiceTransition{service, from, to, detail});
}

} // namespace cc
