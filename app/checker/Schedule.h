#pragma once

#include "CronExpression.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>
#include <optional>

namespace cc {

// When the checker runs: either a cron expression or a plain interval. A value type.
//
// Intervals are aligned on multiples of the period since the Unix epoch (UTC), not on the moment
// the app started, so restarting the app does not shift the slots and the "last slot evaluated"
// kept across restarts stays meaningful. ("every 1d" therefore runs at 00:00 UTC; use a cron
// expression for a local time of day.)
class Schedule
{
public:
    enum class Kind { Interval, Cron };

    // Accepts a cron expression ("*/15 * * * *", "@hourly") or an interval:
    // "every 10m", "every 30s", "every 2h", "every 1d", "every 15 minutes", "interval 600" (seconds).
    // Intervals must be between 1 second and 366 days. `zone` is where cron fields are evaluated.
    static std::optional<Schedule> parse(const QString &spec, QString *error = nullptr,
                                         const QTimeZone &zone = QTimeZone::utc());
    // A default-constructed Schedule is invalid: no slots. The scheduler ignores it.
    Schedule() = default;
    static Schedule interval(qint64 seconds); // seconds clamped to [1 s, 366 days]
    static Schedule cron(const CronExpression &expression);

    bool isValid() const { return m_kind == Kind::Cron || m_intervalSecs > 0; }
    Kind kind() const { return m_kind; }
    qint64 intervalSeconds() const { return m_intervalSecs; } // 0 for cron
    const std::optional<CronExpression> &cronExpression() const { return m_cron; }

    // The first slot strictly after t (UTC). Invalid if t is invalid.
    QDateTime nextAfter(const QDateTime &t) const;
    // The latest slot s with after < s <= t, or invalid if there is none. Used for catch-up after
    // a sleep or downtime, so it does not walk every missed slot when few windows suffice.
    QDateTime latestInRange(const QDateTime &after, const QDateTime &t) const;

    // Canonical text that parse() accepts back: "every 10m", or the cron expression.
    QString toString() const;
    // For people: "every 15 minutes", "at 09:00 on Mon-Fri".
    QString describe() const;

    void setTimeZone(const QTimeZone &zone); // cron only; intervals are zone-free

    friend bool operator==(const Schedule &a, const Schedule &b)
    {
        return a.m_kind == b.m_kind && a.m_intervalSecs == b.m_intervalSecs && a.m_cron == b.m_cron;
    }

private:
    Kind m_kind = Kind::Interval;
    qint64 m_intervalSecs = 0;
    std::optional<CronExpression> m_cron;
};

} // namespace cc
