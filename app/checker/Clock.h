#pragma once

#include <QDateTime>

namespace cc {

// Where the app gets time from. Injected so that scheduling and deadlines are testable without
// waiting real time.
class Clock
{
public:
    virtual ~Clock() = default;
    // Wall-clock time (UTC). May jump (NTP, suspend, manual change).
    virtual QDateTime now() const = 0;
    // Monotonic milliseconds since an arbitrary origin; never jumps backwards. Stops while the
    // machine is suspended on Linux (CLOCK_MONOTONIC), which is how a sleep is told from a
    // wall-clock change.
    virtual qint64 monotonicMs() const = 0;
};

// The real clock.
class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
    qint64 monotonicMs() const override;
    static SystemClock *instance();
};

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
