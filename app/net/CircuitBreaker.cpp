#include "CircuitBreaker.h"

#include <algorithm>

namespace cc {

CircuitBreaker::State CircuitBreaker::state(qint64 nowMs) const
{
    if (m_state == State::Open && nowMs - m_openedAtMs >= m_currentOpenMs)
        return State::HalfOpen;
    return m_state;
}

qint64 CircuitBreaker::msUntilProbe(qint64 nowMs) const
{
    if (m_state != State::Open)
        return 0;
    return std::max<qint64>(0, m_openedAtMs + m_currentOpenMs - nowMs);
}

bool CircuitBreaker::allowRequest(qint64 nowMs)
{
    switch (state(nowMs)) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        if (m_probeInFlight)
            return false;
        m_state = State::HalfOpen;
        m_probeInFlight = true;
        return true;
    }
    return false;
}

void CircuitBreaker::recordSuccess()
{
    m_state = State::Closed;
    m_failures = 0;
    m_trips = 0;
    m_probeInFlight = false;
}

void CircuitBreaker::recordFailure(qint64 nowMs)
{
    ++m_failures;
    const bool probeFailed = m_state == State::HalfOpen;
    m_probeInFlight = false;
    if (probeFailed || (m_state == State::Closed && m_failures >= m_settings.failureThreshold)) {
        m_currentOpenMs =
            std::min(m_settings.maxOpenDurationMs, m_settings.openDurationMs << std::min(m_trips, 20));
        ++m_trips;
        m_state = State::Open;
        m_openedAtMs = nowMs;
    }
}

void CircuitBreaker::recordNeutral()
{
    if (m_state == State::HalfOpen) {
        // Nothing learned; let the next request probe.
        m_probeInFlight = false;
    }
}

QString CircuitBreaker::stateName(State state)
{
    switch (state) {
    case State::Closed:
        return QStringLiteral("closed");
    case State::Open:
        return QStringLiteral("open");
    case State::HalfOpen:
        return QStringLiteral("half_open");
    }
    return {};
}

} // namespace cc
