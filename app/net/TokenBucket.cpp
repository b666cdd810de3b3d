#include "TokenBucket.h"

#include <algorithm>
#include <cmath>

namespace cc {

TokenBucket::TokenBucket(double ratePerSecond, double burst)
{
    setRate(ratePerSecond, burst);
}

void TokenBucket::setRate(double ratePerSecond, double burst)
{
    m_rate = ratePerSecond;
    m_burst = std::max(1.0, burst);
    m_tokens = m_burst;
    m_lastMs = -1;
}

void TokenBucket::adjustRate(double ratePerSecond, double burst)
{
    m_rate = ratePerSecond;
    m_burst = std::max(1.0, burst);
    m_tokens = std::min(m_tokens, m_burst);
}

void TokenBucket::refill(qint64 nowMs)
{
    if (m_lastMs >= 0 && nowMs > m_lastMs)
        m_tokens = std::min(m_burst, m_tokens + (nowMs - m_lastMs) * m_rate / 1000.0);
    if (m_lastMs < 0 || nowMs > m_lastMs)
        m_lastMs = nowMs;
}

qint64 TokenBucket::tryAcquire(qint64 nowMs)
{
    if (m_rate <= 0)
        return 0;
    refill(nowMs);
    if (m_tokens >= 1.0) {
        m_tokens -= 1.0;
        return 0;
    }
    return std::max<qint64>(1, static_cast<qint64>(std::ceil((1.0 - m_tokens) * 1000.0 / m_rate)));
}

} // namespace cc
