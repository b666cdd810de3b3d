#include "ServiceProbes.h"

#include "CheckerServices.h"
#include "HealthCheck.h"
#include "SchemaProvisioner.h"
#include "base/Clock.h"
#include "net/AppwriteClient.h"

namespace cc {

namespace {
const QString kNotConfigured = QStringLiteral("the checker is not configured yet");
} // namespace

ServiceProbes::ServiceProbes(const Clock *clock, QObject *parent) : QObject(parent), m_clock(clock) {}

void ServiceProbes::setServices(CheckerServices *services, const EngineSettings &settings,
                                QNetworkAccessManager *nam)
{
    m_services = services;
    m_settings = settings;
    m_nam = nam;
}

void ServiceProbes::checkHealth()
{
    if (!m_services) {
        HealthReport report;
        report.checkedAt = m_clock->now();
        report.schemaNotCheckedReason = kNotConfigured;
        emit healthChecked(report);
        return;
    }
    auto *probe =
        new CheckerServices(m_settings, CheckerServices::Purpose::ConnectionTest, m_clock, m_nam, this);
    // The probe starts from what the checker's client knows of the server, and what it learns (the
    // API family) goes back to it; the report shows the checker's channels (breaker, pace).
    probe->appwrite()->adoptFamilySelector(m_services->appwrite()->familySelector());
    auto *health = new HealthCheck(probe->appwrite(), probe->graphy(), m_clock, m_settings, probe);
    health->setReportedChannels(m_services->appwriteChannel(), m_services->graphyChannel());
    connect(health, &HealthCheck::finished, this, [this, probe](const HealthReport &report) {
        if (m_services)
            m_services->appwrite()->adoptFamilySelector(probe->appwrite()->familySelector());
        probe->deleteLater();
        emit healthChecked(report);
    });
    health->start();
}

void ServiceProbes::testConnection(const EngineSettings &settings)
{
    // Its own channels and clients: the edited values must not touch the running checker.
    auto *scope =
        new CheckerServices(settings, CheckerServices::Purpose::ConnectionTest, m_clock, m_nam, this);
    auto *health = new HealthCheck(scope->appwrite(), scope->graphy(), m_clock, settings, scope);
    connect(health, &HealthCheck::finished, this, [this, scope](const HealthReport &report) {
        scope->deleteLater();
        emit connectionTested(report);
    });
    health->start();
}

void ServiceProbes::runSchemaProvisioner(SchemaProvisionReport::Mode mode)
{
    if (!m_services) {
        SchemaProvisionReport report;
        report.mode = mode;
        report.error = kNotConfigured;
        emit schemaProvisioned(report);
        return;
    }
    // Through the checker's own client: the family it settles on is the one runs will speak.
    auto *provisioner = new SchemaProvisioner(m_services->appwrite(), m_clock, m_settings, mode, this);
    connect(provisioner, &SchemaProvisioner::finished, this,
            [this, provisioner](const SchemaProvisionReport &report) {
                provisioner->deleteLater();
                emit schemaProvisioned(report);
            });
    provisioner->start();
}

} // namespace cc
