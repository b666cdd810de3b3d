// The simulated client and service tst_adaptive_rate and tst_adaptive_rate_limits drive an
// AdaptiveRate against: a ManualClock, a token-bucket limit, no network.
#pragma once

#include "net/AdaptiveRate.h"
#include "net/TokenBucket.h"
#include "support/ManualClock.h"

#include <QDateTime>
#include <QString>
#include <QTest>
#include <QTimeZone>
#include <algorithm>
#include <deque>

namespace adaptivesim {

using cc::AdaptiveRate;
using cc::ManualClock;
using cc::TokenBucket;

// A client that always has work, sending at the controller's rate to a service that allows `limit`
// requests per second (token bucket, burst of a tenth of a second) and answers after `latencyMs`,
// with a 429 and a Retry-After beyond the limit. The limit may change between calls of run().
struct Simulation
{
    qint64 sent = 0;
    qint64 throttled = 0;
    qint64 sentInTail = 0; // in the last half of the run
    double meanRateInTail = 0;
    double pace(qint64 durationMs) const { return sent * 1000.0 / durationMs; }
};

class SimulatedService
{
public:
    SimulatedService(AdaptiveRate &rate, ManualClock &clock, double limit, qint64 latencyMs,
                     qint64 retryAfterMs = 1000)
        : m_rate(rate), m_clock(clock), m_service(limit, std::max(1.0, limit / 10)), m_latencyMs(latencyMs),
          m_retryAfterMs(retryAfterMs)
    {}

    void setLimit(double limit) { m_service.adjustRate(limit, std::max(1.0, limit / 10)); }

    Simulation run(qint64 durationMs)
    {
        Simulation sim;
        constexpr qint64 kTickMs = 5;
        const qint64 tailFrom = durationMs / 2;
        double rateSum = 0;
        int rateSamples = 0;
        for (qint64 t = 0; t < durationMs; t += kTickMs) {
            m_clock.advance(kTickMs);
            while (!m_pending.empty() && m_pending.front().dueMs <= m_clock.monotonicMs()) {
                if (m_pending.front().throttled)
                    m_rate.record(AdaptiveRate::Answer::Throttled, m_latencyMs, m_retryAfterMs, 429);
                else
                    m_rate.record(AdaptiveRate::Answer::Clean, m_latencyMs);
                m_pending.pop_front();
            }
            if (m_rate.msUntilResume() > 0) {
                m_credit = 0;
                continue;
            }
            m_credit =
                std::min(m_credit + m_rate.rate() * kTickMs / 1000.0, std::max(1.0, m_rate.rate() / 10));
            while (m_credit >= 1) {
                m_credit -= 1;
                const bool refused = m_service.tryAcquire(m_clock.monotonicMs()) > 0;
                m_pending.push_back({m_clock.monotonicMs() + m_latencyMs, refused});
                ++sim.sent;
                sim.throttled += refused ? 1 : 0;
                if (t >= tailFrom)
                    ++sim.sentInTail;
            }
            if (t >= tailFrom) {
                rateSum += m_rate.rate();
                ++rateSamples;
            }
        }
        sim.meanRateInTail = rateSamples ? rateSum / rateSamples : 0;
        return sim;
    }

private:
    struct Pending
    {
        qint64 dueMs;
        bool throttled;
    };
    AdaptiveRate &m_rate;
    ManualClock &m_clock;
    TokenBucket m_service;
    qint64 m_latencyMs;
    qint64 m_retryAfterMs;
    std::deque<Pending> m_pending;
    double m_credit = 0;
};

inline Simulation simulate(AdaptiveRate &rate, ManualClock &clock, double limit, qint64 latencyMs,
                           qint64 durationMs, qint64 retryAfterMs = 1000)
{
    SimulatedService service(rate, clock, limit, latencyMs, retryAfterMs);
    return service.run(durationMs);
}

inline QString share(const Simulation &sim)
{
    return QStringLiteral("%1 of %2 throttled (%3 %)")
        .arg(sim.throttled)
        .arg(sim.sent)
        .arg(100.0 * sim.throttled / std::max<qint64>(1, sim.sent), 0, 'f', 2);
}

// The service limits both tests drive the controller against: a limit and the service's latency.
// `withSlow` adds a slow service, where in-flight requests rather than the rate hold the pace.
inline void addLimitRows(bool withSlow = false)
{
    QTest::addColumn<double>("limit");
    QTest::addColumn<qint64>("latencyMs");
    QTest::newRow("5/s") << 5.0 << qint64(20);
    QTest::newRow("20/s") << 20.0 << qint64(20);
    QTest::newRow("100/s") << 100.0 << qint64(20);
    if (withSlow)
        QTest::newRow("100/s slow") << 100.0 << qint64(200);
    QTest::newRow("200/s") << 200.0 << qint64(50);
}

inline QDateTime origin()
{
    return QDateTime(QDate(2026, 1, 5), QTime(9, 0), QTimeZone::utc());
}

} // namespace adaptivesim
