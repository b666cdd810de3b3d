#pragma once

#include "EngineSettings.h"
#include "base/HealthReport.h"

#include <QObject>

namespace cc {

class AppwriteClient;
class Clock;
class GraphyClient;
class ServiceChannel;

// Health of both services (docs/ARCHITECTURE.md §11.3: a real check, not a run): Appwrite reachability and
// version (/health/version needs no key), that the key can read `learners` (a one-document list),
// the schema of the three collections; Graphy reachability and credentials (a search for an address
// that cannot exist answers 200 with no data when the credentials are right).
class HealthCheck : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxClockSkewMs = 60000;
    HealthCheck(AppwriteClient *appwrite, GraphyClient *graphy, const Clock *clock,
                const EngineSettings &settings, QObject *parent = nullptr);
    // The channels whose state (breaker, last success, pace) the report shows, when the check
    // itself probes through channels of its own: a run's open breaker must not block the check
    // that tells the operator why. By default, the clients' own channels.
    void setReportedChannels(ServiceChannel *appwrite, ServiceChannel *graphy);
    void start();
    const HealthReport &report() const { return m_report; }

signals:
    void finished(const cc::HealthReport &report);

private:
    void checkAppwrite();
    void checkAppwriteKey();
    void noteClockSkew();
    void checkSchema();
    void checkGraphy();
    void done();
    ServiceChannel *shownAppwriteChannel() const;
    ServiceChannel *shownGraphyChannel() const;

    AppwriteClient *m_appwrite;
    GraphyClient *m_graphy;
    ServiceChannel *m_reportedAppwrite = nullptr;
    ServiceChannel *m_reportedGraphy = nullptr;
    const Clock *m_clock;
    EngineSettings m_settings;
    HealthReport m_report;
    int m_pending = 0;
    QStringList m_schemaPending;
};

} // namespace cc
