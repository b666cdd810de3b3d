#pragma once

#include "EngineSettings.h"
#include "base/HealthReport.h"
#include "base/SchemaProvisionReport.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;

namespace cc {

class CheckerServices;
class Clock;

// What an operator asks of the services that is not a run, hosted by the worker in the checker
// thread: the health check, the settings dialog's connection test, and schema provisioning. The
// health check probes through channels of its own, so a run's open breaker cannot block the check
// that says why it opened (docs/ARCHITECTURE.md §6); what it learns of the server's API family
// goes back to the checker's client.
class ServiceProbes : public QObject
{
    Q_OBJECT
public:
    ServiceProbes(const Clock *clock, QObject *parent = nullptr);

    // The checker's services and settings; until then, only the connection test works.
    void setServices(CheckerServices *services, const EngineSettings &settings, QNetworkAccessManager *nam);

    void checkHealth();
    void testConnection(const EngineSettings &settings);
    void runSchemaProvisioner(SchemaProvisionReport::Mode mode);

signals:
    void healthChecked(const cc::HealthReport &report);
    void connectionTested(const cc::HealthReport &report);
    void schemaProvisioned(const cc::SchemaProvisionReport &report);

private:
    const Clock *m_clock;
    QPointer<CheckerServices> m_services;
    EngineSettings m_settings;
    QNetworkAccessManager *m_nam = nullptr;
};

} // namespace cc
