#pragma once

#include "base/Clock.h"

namespace cc {

// A clock tests move by hand.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(const QDateTime &start) : m_now(start.toUTC()) {}
    QDateTime now() const override { return m_now; }
    qint64 monotonicMs() const override { return m_monotonic; }
    // Time passes normally: both clocks advance.
    void advance(qint64 ms)
    {
        m_now = m_now.addMSecs(ms);
        m_monotonic += ms;
    }
    // Suspend: the wall clock moves, the monotonic clock does not.
    void sleep(qint64 ms) { m_now = m_now.addMSecs(ms); }
    // A wall-clock change (NTP step, user): only the wall clock moves, either way.
    void jumpWallClock(qint64 ms) { m_now = m_now.addMSecs(ms); }

private:
    QDateTime m_now;
    qint64 m_monotonic = 0;
};

} // namespace cc
