#include "GraphyRateLimiter.h"

#include <algorithm>
#include <cmath>

namespace sandbox {

void GraphyRateLimiter::setRate(double perSecond)
{
    m_rate = std::max(0.0, perSecond);
    // A tenth of a second's worth: a service's limiter allows small bursts, not a second's.
    m_burst = std::max(1.0, m_rate / 10);
    m_tokens = m_burst;
    m_clock.start();
    m_lastMs = 0;
}

int GraphyRateLimiter::admit()
{
    if (m_rate <= 0)
        return 0;
    const qint64 now = m_clock.elapsed();
    m_tokens = std::min(m_burst, m_tokens + (now - m_lastMs) * m_rate / 1000.0);
    m_lastMs = now;
    if (m_tokens >= 1) {
        m_tokens -= 1;
        return 0;
    }
    ++m_refused;
    return std::max(1, int(std::ceil((1 - m_tokens) / m_rate)));
}

} // namespace sandbox
