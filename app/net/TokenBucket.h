#pragma once

#include <QtGlobal>

namespace cc {

// A token-bucket rate limit on monotonic milliseconds. Pure: the caller passes the time.
class TokenBucket
{
public:
    // ratePerSecond <= 0 disables the limit.
    explicit TokenBucket(double ratePerSecond = 0, double burst = 1);

    void setRate(double ratePerSecond, double burst);
    // Changes the rate without refilling: an adaptive rate moves often, and a fresh burst each time
    // would overshoot the very limit it is looking for.
    void adjustRate(double ratePerSecond, double burst);
    double rate() const { return m_rate; }
    // Takes a token if one is there and returns 0; otherwise takes nothing and returns how many
    // milliseconds until one will be.
    qint64 tryAcquire(qint64 nowMs);

private:
    void refill(qint64 nowMs);

    double m_rate = 0;
    double m_burst = 1;
    double m_tokens = 1;
    qint64 m_lastMs = -1;
};

} // namespace cc
