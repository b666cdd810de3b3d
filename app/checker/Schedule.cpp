#include "Schedule.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>

namespace cc {

namespace {

constexpr qint64 kMaxIntervalSecs = 366LL * 24 * 3600;

struct Unit
{
    qint64 seconds;
    const char *shortName; // used by toString()
    const char *singular;  // used by describe()
};
// Largest first: toString()/describe() use the largest unit that divides the interval.
constexpr std::array<Unit, 4> kUnits{{
    {86400, "d", "day"},
    {3600, "h", "hour"},
    {60, "m", "minute"},
    {1, "s", "second"},
}};

qint64 unitSeconds(const QString &unit)
{
    const QString u = unit.toLower();
    if (u.isEmpty() || u == QLatin1String("s") || u.startsWith(QLatin1String("sec")))
        return 1;
    if (u == QLatin1String("m") || u.startsWith(QLatin1String("min")))
        return 60;
    if (u == QLatin1String("h") || u == QLatin1String("hr") || u == QLatin1String("hrs") ||
        u.startsWith(QLatin1String("hour")))
        return 3600;
    if (u == QLatin1String("d") || u.startsWith(QLatin1String("day")))
        return 86400;
    return 0;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

Schedule Schedule::interval(qint64 seconds)
{
    Schedule s;
    s.m_kind = Kind::Interval;
    s.m_intervalSecs = std::clamp<qint64>(seconds, 1, kMaxIntervalSecs);
    return s;
}

Schedule Schedule::cron(const CronExpression &expression)
{
    Schedule s;
    s.m_kind = Kind::Cron;
    s.m_cron = expression;
    return s;
}

std::optional<Schedule> Schedule::parse(const QString &spec, QString *error, const QTimeZone &zone)
{
    const QString text = spec.simplified();
    if (text.isEmpty()) {
        fail(error, QStringLiteral("empty schedule"));
        return std::nullopt;
    }
    // "every 10m", "every 15 minutes", "every hour", "10m", "interval 600" (bare number = seconds).
    static const QRegularExpression intervalRe(QStringLiteral("^(every|interval)?\\s*(\\d+)?\\s*([a-z]*)$"),
                                               QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = intervalRe.match(text);
    const bool looksLikeInterval =
        m.hasMatch() && (!m.captured(1).isEmpty() || (!m.captured(2).isEmpty() && !m.captured(3).isEmpty()));
    if (!looksLikeInterval) {
        QString cronError;
        if (auto expr = CronExpression::parse(text, &cronError, zone))
            return cron(*expr);
        fail(error, QStringLiteral("not a valid cron expression or interval: %1").arg(cronError));
        return std::nullopt;
    }
    const QString prefix = m.captured(1).toLower();
    if (prefix == QLatin1String("every") && m.captured(3).isEmpty()) {
        fail(error, QStringLiteral("interval: \"%1\" needs a unit, e.g. \"every 15m\"").arg(text));
        return std::nullopt;
    }
    if (prefix == QLatin1String("interval") && m.captured(2).isEmpty()) {
        fail(error,
             QStringLiteral("interval: \"%1\" needs a number of seconds, e.g. \"interval 600\"").arg(text));
        return std::nullopt;
    }
    const qint64 unit = unitSeconds(m.captured(3));
    if (unit == 0) {
        fail(error, QStringLiteral("interval: unknown unit \"%1\" (use s, m, h or d)").arg(m.captured(3)));
        return std::nullopt;
    }
    bool ok = true;
    // "every hour" / "every minute": the number is optional after "every".
    const qint64 count = m.captured(2).isEmpty() ? 1 : m.captured(2).toLongLong(&ok);
    if (!ok || count > kMaxIntervalSecs) {
        fail(error, QStringLiteral("interval: \"%1\" is too long (at most 366 days)").arg(text));
        return std::nullopt;
    }
    const qint64 seconds = count * unit;
    if (seconds < 1) {
        fail(error, QStringLiteral("interval: must be at least 1 second, got \"%1\"").arg(text));
        return std::nullopt;
    }
    if (seconds > kMaxIntervalSecs) {
        fail(error, QStringLiteral("interval: \"%1\" is too long (at most 366 days)").arg(text));
        return std::nullopt;
    }
    return interval(seconds);
}

QDateTime Schedule::nextAfter(const QDateTime &t) const
{
    if (!t.isValid() || !isValid())
        return {};
    if (m_kind == Kind::Cron)
        return m_cron->nextAfter(t);
    const qint64 periodMs = m_intervalSecs * 1000;
    const qint64 k = floorDiv(t.toMSecsSinceEpoch(), periodMs) + 1;
    return QDateTime::fromMSecsSinceEpoch(k * periodMs, Qt::UTC);
}

QDateTime Schedule::latestInRange(const QDateTime &after, const QDateTime &t) const
{
    if (!after.isValid() || !t.isValid() || !isValid() || t <= after)
        return {};
    if (m_kind == Kind::Interval) {
        const qint64 periodMs = m_intervalSecs * 1000;
        const QDateTime s =
            QDateTime::fromMSecsSinceEpoch(floorDiv(t.toMSecsSinceEpoch(), periodMs) * periodMs, Qt::UTC);
        return s > after ? s : QDateTime();
    }
    // Cron has no cheap "previous" step, so look back over growing windows: the first window that
    // holds a slot is walked forward. A minutely job is found in the first window, a yearly one
    // in the last, and neither walks more than a day's worth of slots of a dense expression.
    static constexpr std::array<qint64, 5> kWindowsSecs{60, 3600, 86400, 32 * 86400, 367 * 86400};
    for (const qint64 window : kWindowsSecs) {
        const QDateTime from = std::max(after, t.addSecs(-window));
        QDateTime s = nextAfter(from);
        if (!s.isValid() || s > t) {
            if (from == after)
                return {};
            continue;
        }
        for (QDateTime n = nextAfter(s); n.isValid() && n <= t; n = nextAfter(n))
            s = n;
        return s;
    }
    // Nothing within a year before t: walk from `after`; only sparse expressions get here.
    QDateTime s = nextAfter(after);
    if (!s.isValid() || s > t)
        return {};
    for (QDateTime n = nextAfter(s); n.isValid() && n <= t; n = nextAfter(n))
        s = n;
    return s;
}

QString Schedule::toString() const
{
    if (m_kind == Kind::Cron)
        return m_cron->toString();
    if (!isValid())
        return {};
    for (const Unit &u : kUnits) {
        if (m_intervalSecs % u.seconds == 0)
            return QStringLiteral("every %1%2")
                .arg(m_intervalSecs / u.seconds)
                .arg(QLatin1String(u.shortName));
    }
    return {};
}

QString Schedule::describe() const
{
    if (m_kind == Kind::Cron)
        return m_cron->describe();
    if (!isValid())
        return QStringLiteral("never");
    for (const Unit &u : kUnits) {
        if (m_intervalSecs % u.seconds != 0)
            continue;
        const qint64 n = m_intervalSecs / u.seconds;
        return n == 1 ? QStringLiteral("every %1").arg(QLatin1String(u.singular))
                      : QStringLiteral("every %1 %2s").arg(n).arg(QLatin1String(u.singular));
    }
    return {};
}

void Schedule::setTimeZone(const QTimeZone &zone)
{
    if (m_cron)
        m_cron->setTimeZone(zone);
}

} // namespace cc
