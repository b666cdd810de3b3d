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

} // namespace cc
