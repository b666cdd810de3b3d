#pragma once

#include <QMetaType>
#include <QString>
#include <QtGlobal>

namespace cc {

// Stops sending to a service that keeps failing, and probes it again later.
// Closed: requests flow; `failureThreshold` consecutive service failures open it.
// Open: requests fail fast until `openDurationMs` has passed, then one probe is let through
// (half-open). The probe's success closes it; its failure opens it again for longer (doubling,
// capped at `maxOpenDurationMs`). While the probe is out, other requests wait for its outcome
// (probeInFlight()); failing them would end the first run after an outage for nothing.
// Pure: the caller passes monotonic time.
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };

    struct Settings
    {
        int failureThreshold = 5;
        qint64 openDurationMs = 30000;
        qint64 maxOpenDurationMs = 300000;
    };

    CircuitBreaker() = default;
    explicit CircuitBreaker(const Settings &settings) : m_settings(settings) {}

    void setSettings(const Settings &settings) { m_settings = settings; }
    const Settings &settings() const { return m_settings; }

    // May a request be sent now? In half-open state only one probe is allowed at a time.
    bool allowRequest(qint64 nowMs);
    void recordSuccess();
    void recordFailure(qint64 nowMs);
    // A request that was allowed but ended without telling anything about the service (aborted,
    // or a client error) gives back its probe slot.
    void recordNeutral();

    State state(qint64 nowMs) const;
    // Milliseconds until a probe will be allowed; 0 when not open.
    qint64 msUntilProbe(qint64 nowMs) const;
    int consecutiveFailures() const { return m_failures; }
    // Half-open with the probe out: whoever wants to send waits for its outcome instead of failing.
    bool probeInFlight() const { return m_probeInFlight; }

    static QString stateName(State state);

private:
    Settings m_settings;
    State m_state = State::Closed;
    int m_failures = 0;
    int m_trips = 0; // consecutive openings, for the growing open duration
    qint64 m_openedAtMs = 0;
    qint64 m_currentOpenMs = 0;
    bool m_probeInFlight = false;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::CircuitBreaker::State)
