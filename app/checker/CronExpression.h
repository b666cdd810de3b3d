#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>
#include <optional>

namespace cc {

// A classic 5-field cron expression: minute hour day-of-month month day-of-week.
//
// Supported: `*`, numbers, ranges `a-b`, lists `a,b`, steps `*/n`, `a-b/n` and `a/n` (= a-max/n),
// month names JAN-DEC and day names SUN-SAT (case-insensitive), day-of-week 0-7 with 0 and 7 both
// Sunday, and the macros @yearly @annually @monthly @weekly @daily @midnight @hourly.
//
// Day matching follows Vixie cron exactly, because that is what operators expect from a crontab
// line: when both day-of-month and day-of-week are restricted a day matches if EITHER matches;
// when either field starts with `*` (including `*/n`) both must match.
//
// Times are evaluated as wall-clock time in a time zone (UTC unless set) and returned in UTC.
// Daylight-saving rules (the same as cronie's, so a crontab behaves as people are used to):
//  - a wall time skipped by a spring-forward gap fires once, at the first instant after the gap;
//  - a wall time repeated by a fall-back overlap fires in both passes when the hour field is `*`
//    (so "every 15 minutes" keeps its rhythm), and only in the first pass otherwise (so a daily
//    02:30 job does not run twice).
class CronExpression
{
public:
    // Parses `text`. On failure returns nullopt and, if `error` is given, a message naming the
    // field and the reason (e.g. "day-of-month: 32 is out of range 1-31"). Expressions that can
    // never match (e.g. "0 0 30 2 *") are rejected here so nextAfter() never searches in vain.
    static std::optional<CronExpression> parse(const QString &text, QString *error = nullptr,
                                               const QTimeZone &zone = QTimeZone::utc());

    // The first matching minute strictly after `t`, in UTC. Invalid only if `t` is invalid or no
    // match exists within 400 years (cannot happen for a parsed expression; kept as a guard).
    QDateTime nextAfter(const QDateTime &t) const;

    void setTimeZone(const QTimeZone &zone);
    QTimeZone timeZone() const { return m_zone; }

    // The expression with normalised whitespace, as given (macros stay macros).
    QString toString() const { return m_text; }
    // Short English description, e.g. "every 15 minutes", "at 09:00 on Mon-Fri".
    QString describe() const;

    bool matchesAllHours() const { return m_hours == kAllHours; }

    friend bool operator==(const CronExpression &a, const CronExpression &b)
    {
        return a.m_minutes == b.m_minutes && a.m_hours == b.m_hours && a.m_dom == b.m_dom &&
               a.m_months == b.m_months && a.m_dow == b.m_dow && a.m_domStar == b.m_domStar &&
               a.m_dowStar == b.m_dowStar && a.m_zone == b.m_zone;
    }

private:
    static constexpr quint64 kAllHours = (quint64(1) << 24) - 1;

    CronExpression() = default;

    bool dayMatches(int year, int month, int day) const;
    // Next wall-clock minute (seconds since the epoch as if the wall clock were UTC) at or after
    // `wallSecs` whose fields match; nullopt if none within 400 years.
    std::optional<qint64> nextWallMatch(qint64 wallSecs) const;
    // UTC instants (seconds) at which the wall time `wallSecs` occurs in m_zone, applying the
    // gap/overlap rules above. Empty only if the zone data is inconsistent.
    QList<qint64> instantsForWall(qint64 wallSecs) const;
    int offsetAt(qint64 utcSecs) const;

    QString m_text;
    QStringList m_fieldTexts; // the five fields as written, for describe()
    quint64 m_minutes = 0;    // bit n = minute n
    quint64 m_hours = 0;
    quint64 m_dom = 0;    // bit n = day n (1-31)
    quint64 m_months = 0; // bit n = month n (1-12)
    quint64 m_dow = 0;    // bit n = weekday n (0 = Sunday .. 6)
    bool m_domStar = false;
    bool m_dowStar = false;
    QTimeZone m_zone = QTimeZone::utc();
};

} // namespace cc
