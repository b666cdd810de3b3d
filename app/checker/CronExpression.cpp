#include "CronExpression.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <array>
#include <bit>

namespace cc {

namespace {

constexpr qint64 kUnixEpochJulianDay = 2440588;
constexpr qint64 kSecsPerDay = 86400;
// The largest change of UTC offset a zone makes at one transition is 2 h (historic double summer
// time); 3 h gives margin. Searches around a transition look this far either side.
constexpr qint64 kMaxShiftSecs = 3 * 3600;
constexpr int kSearchYears = 400; // one full Gregorian cycle: every date/weekday combination recurs

const std::array<const char *, 12> kMonthNames{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                               "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const std::array<const char *, 7> kDayNames{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

struct FieldSpec
{
    const char *name;
    int min;
    int max;
    const char *const *names; // 3-letter names for values nameBase.., or null
    int nameCount;
    int nameBase;
};

const std::array<FieldSpec, 5> kFields{{
    {"minute", 0, 59, nullptr, 0, 0},
    {"hour", 0, 23, nullptr, 0, 0},
    {"day-of-month", 1, 31, nullptr, 0, 0},
    {"month", 1, 12, kMonthNames.data(), 12, 1},
    {"day-of-week", 0, 7, kDayNames.data(), 7, 0},
}};

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

QDateTime utcFromSecs(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC);
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool parseValue(const QString &text, const FieldSpec &spec, int *out, QString *error)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (ok && !text.startsWith(QLatin1Char('+'))) {
        if (n < spec.min || n > spec.max)
            return fail(error, QStringLiteral("%1: %2 is out of range %3-%4")
                                   .arg(QLatin1String(spec.name), text)
                                   .arg(spec.min)
                                   .arg(spec.max));
        *out = n;
        return true;
    }
    for (int i = 0; i < spec.nameCount; ++i) {
        if (text.compare(QLatin1String(spec.names[i]), Qt::CaseInsensitive) == 0) {
            *out = spec.nameBase + i;
            return true;
        }
    }
    return fail(error, QStringLiteral("%1: \"%2\" is not a %3")
                           .arg(QLatin1String(spec.name), text,
                                spec.names ? QStringLiteral("number or name") : QStringLiteral("number")));
}

// Parses one field into a bit set. `star` tells whether the field starts with `*`, which is what
// Vixie cron looks at to choose between AND and OR for the two day fields.
bool parseField(const QString &text, const FieldSpec &spec, quint64 *bits, bool *star, QString *error)
{
    *bits = 0;
    *star = text.startsWith(QLatin1Char('*'));
    const QStringList items = text.split(QLatin1Char(','));
    for (const QString &item : items) {
        if (item.isEmpty())
            return fail(error,
                        QStringLiteral("%1: empty item in list \"%2\"").arg(QLatin1String(spec.name), text));
        QString range = item;
        int step = 1;
        const qsizetype slash = item.indexOf(QLatin1Char('/'));
        if (slash >= 0) {
            const QString stepText = item.mid(slash + 1);
            bool ok = false;
            step = stepText.toInt(&ok);
            if (!ok || step < 1 || stepText.startsWith(QLatin1Char('+')))
                return fail(error, QStringLiteral("%1: step \"%2\" must be a positive number")
                                       .arg(QLatin1String(spec.name), stepText));
            range = item.left(slash);
        }
        int lo = spec.min;
        int hi = spec.max;
        if (range == QLatin1String("*")) {
            // whole range
        } else if (const qsizetype dash = range.indexOf(QLatin1Char('-')); dash > 0) {
            if (!parseValue(range.left(dash), spec, &lo, error) ||
                !parseValue(range.mid(dash + 1), spec, &hi, error))
                return false;
            if (lo > hi)
                return fail(
                    error,
                    QStringLiteral("%1: range \"%2\" is reversed").arg(QLatin1String(spec.name), range));
        } else {
            if (!parseValue(range, spec, &lo, error))
                return false;
            // "a/n" is Vixie's shorthand for "a-max/n"; a lone number is just itself.
            hi = slash >= 0 ? spec.max : lo;
        }
        // Stops before `v + step` can overflow: a step of 2147483647 is valid, and selects lo alone.
        for (int v = lo; v <= hi; v += step) {
            *bits |= quint64(1) << v;
            if (step > hi - v)
                break;
        }
    }
    return true;
}

// Lowest set bit at or above `from` and at most `max`, or -1.
int nextBit(quint64 bits, int from, int max)
{
    if (from > max)
        return -1;
    const quint64 masked = bits >> from;
    if (masked == 0)
        return -1;
    const int n = from + std::countr_zero(masked);
    return n <= max ? n : -1;
}

int daysInMonth(int year, int month)
{
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

qint64 wallSecs(int y, int mo, int d, int h, int mi)
{
    return (QDate(y, mo, d).toJulianDay() - kUnixEpochJulianDay) * kSecsPerDay + h * 3600 + mi * 60;
}

// "Mon-Fri", "1, 15", "Jan-Mar, Oct": set bits as runs, for describe().
QString formatBits(quint64 bits, int min, int max, const char *const *names, int nameBase)
{
    auto label = [&](int v) {
        if (!names)
            return QString::number(v);
        const QString n = QLatin1String(names[v - nameBase]);
        return n.left(1) + n.mid(1).toLower();
    };
    QStringList parts;
    for (int v = min; v <= max; ++v) {
        if (!(bits >> v & 1))
            continue;
        int end = v;
        while (end < max && (bits >> (end + 1) & 1))
            ++end;
        parts << (end == v       ? label(v)
                  : end == v + 1 ? label(v) + QStringLiteral(", ") + label(end)
                                 : label(v) + QLatin1Char('-') + label(end));
        v = end;
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

std::optional<CronExpression> CronExpression::parse(const QString &text, QString *error,
                                                    const QTimeZone &zone)
{
    const auto reject = [error](const QString &message) {
        fail(error, message);
        return std::optional<CronExpression>();
    };
    QStringList fields = text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (fields.isEmpty())
        return reject(QStringLiteral("empty cron expression"));
    CronExpression expr;
    expr.m_text = fields.join(QLatin1Char(' '));
    if (fields.size() == 1 && fields.first().startsWith(QLatin1Char('@'))) {
        static constexpr std::array<std::pair<const char *, const char *>, 7> kMacros{{
            {"@yearly", "0 0 1 1 *"},
            {"@annually", "0 0 1 1 *"},
            {"@monthly", "0 0 1 * *"},
            {"@weekly", "0 0 * * 0"},
            {"@daily", "0 0 * * *"},
            {"@midnight", "0 0 * * *"},
            {"@hourly", "0 * * * *"},
        }};
        const auto it = std::find_if(kMacros.begin(), kMacros.end(), [&](const auto &m) {
            return fields.first().compare(QLatin1String(m.first), Qt::CaseInsensitive) == 0;
        });
        if (it == kMacros.end())
            return reject(QStringLiteral("unknown macro \"%1\" (supported: @yearly, @annually, @monthly, "
                                         "@weekly, @daily, @midnight, @hourly)")
                              .arg(fields.first()));
        fields = QString::fromLatin1(it->second).split(QLatin1Char(' '));
    }
    if (fields.size() != 5)
        return reject(
            QStringLiteral("expected 5 fields (minute hour day-of-month month day-of-week), got %1%2")
                .arg(fields.size())
                .arg(fields.size() == 6 ? QStringLiteral("; seconds and year fields are not supported")
                                        : QString()));
    quint64 *targets[5] = {&expr.m_minutes, &expr.m_hours, &expr.m_dom, &expr.m_months, &expr.m_dow};
    bool stars[5] = {};
    for (int i = 0; i < 5; ++i) {
        if (!parseField(fields[i], kFields[i], targets[i], &stars[i], error))
            return std::nullopt;
    }
    // 7 is another name for Sunday.
    if (expr.m_dow >> 7 & 1)
        expr.m_dow = (expr.m_dow & ~(quint64(1) << 7)) | 1;
    expr.m_domStar = stars[2];
    expr.m_dowStar = stars[4];
    expr.m_fieldTexts = fields;

    // With a restricted day-of-month and a `*` day-of-week only the day-of-month decides; if none
    // of those days exists in any chosen month (e.g. 30 FEB) the expression never fires. Every
    // other combination matches some day because the weekdays of a date cycle over the years.
    if (!expr.m_domStar && expr.m_dowStar) {
        bool possible = false;
        for (int m = 1; m <= 12 && !possible; ++m) {
            if (expr.m_months >> m & 1)
                possible = nextBit(expr.m_dom, 1, m == 2 ? 29 : daysInMonth(2001, m)) >= 0;
        }
        if (!possible)
            return reject(QStringLiteral("day-of-month: \"%1\" never occurs in month \"%2\", so the "
                                         "expression would never run")
                              .arg(fields[2], fields[3]));
    }
    expr.setTimeZone(zone);
    return expr;
}

void CronExpression::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone.isValid() ? zone : QTimeZone::utc();
}

bool CronExpression::dayMatches(int year, int month, int day) const
{
    const bool dom = m_dom >> day & 1;
    const bool dow = m_dow >> (QDate(year, month, day).dayOfWeek() % 7) & 1;
    return (m_domStar || m_dowStar) ? (dom && dow) : (dom || dow);
}

std::optional<qint64> CronExpression::nextWallMatch(qint64 wall) const
{
    wall = floorDiv(wall + 59, 60) * 60; // round up to a whole minute
    const qint64 days = floorDiv(wall, kSecsPerDay);
    const int secOfDay = int(wall - days * kSecsPerDay);
    const QDate date = QDate::fromJulianDay(days + kUnixEpochJulianDay);
    int y = date.year(), mo = date.month(), d = date.day();
    int h = secOfDay / 3600, mi = secOfDay % 3600 / 60;
    const int lastYear = y + kSearchYears;

    // Skip by field: each step jumps to the next candidate month, day, hour or minute, so even a
    // once-a-year expression costs at most a few hundred cheap steps.
    while (y <= lastYear) {
        if (!(m_months >> mo & 1) || d > daysInMonth(y, mo)) {
            const int nm = nextBit(m_months, mo + 1, 12);
            if (nm < 0) {
                ++y;
                mo = nextBit(m_months, 1, 12);
            } else {
                mo = nm;
            }
            d = 1;
            h = mi = 0;
            continue;
        }
        if (!dayMatches(y, mo, d)) {
            ++d;
            h = mi = 0;
            continue;
        }
        const int nh = nextBit(m_hours, h, 23);
        if (nh < 0) {
            ++d;
            h = mi = 0;
            continue;
        }
        if (nh != h) {
            h = nh;
            mi = 0;
        }
        const int nmi = nextBit(m_minutes, mi, 59);
        if (nmi < 0) {
            mi = 0;
            if (++h > 23) {
                h = 0;
                ++d;
            }
            continue;
        }
        return wallSecs(y, mo, d, h, nmi);
    }
    return std::nullopt;
}

int CronExpression::offsetAt(qint64 utcSecs) const
{
    return m_zone.offsetFromUtc(utcFromSecs(utcSecs));
}

QList<qint64> CronExpression::instantsForWall(qint64 wall) const
{
    const int guess = offsetAt(wall);
    const int before = offsetAt(wall - guess - kMaxShiftSecs);
    const int after = offsetAt(wall - guess + kMaxShiftSecs);
    QList<qint64> out;
    for (const int offset : {before, after}) {
        const qint64 u = wall - offset;
        if (offsetAt(u) == offset && !out.contains(u))
            out.append(u);
    }
    std::sort(out.begin(), out.end());
    if (out.isEmpty()) {
        // The wall time falls in a spring-forward gap: fire once, when the gap ends.
        const qint64 lo = std::min(wall - before, wall - after);
        const qint64 hi = std::max(wall - before, wall - after);
        const QTimeZone::OffsetData tr = m_zone.nextTransition(utcFromSecs(lo - 1));
        const qint64 at = tr.atUtc.isValid() ? tr.atUtc.toSecsSinceEpoch() : hi;
        out.append(at <= hi ? at : hi);
    } else if (out.size() > 1 && !matchesAllHours()) {
        out.resize(1); // fall-back overlap: a fixed-hour job runs in the first pass only
    }
    return out;
}

QDateTime CronExpression::nextAfter(const QDateTime &t) const
{
    if (!t.isValid())
        return {};
    const qint64 tMs = t.toMSecsSinceEpoch();
    const qint64 tSecs = floorDiv(tMs, 1000);
    const int tOffset = offsetAt(tSecs);
    const qint64 tWallMinute = floorDiv(tSecs + tOffset, 60) * 60;
    const std::optional<qint64> first = nextWallMatch(tWallMinute + 60);
    if (!first)
        return {};
    const qint64 firstUtc = *first - tOffset;

    // Fast path: the offset is the same from a little before t to a little after the candidate,
    // so wall time and UTC move together and the candidate is the answer.
    bool nearTransition = offsetAt(firstUtc) != tOffset;
    if (!nearTransition && m_zone.hasTransitions()) {
        const QTimeZone::OffsetData tr = m_zone.nextTransition(utcFromSecs(tSecs - kMaxShiftSecs));
        nearTransition = tr.atUtc.isValid() && tr.atUtc.toSecsSinceEpoch() <= firstUtc + kMaxShiftSecs;
    }
    if (!nearTransition)
        return utcFromSecs(firstUtc);

    // Slow path near a DST change: wall times no longer map 1:1 onto instants. Look at matching
    // wall times from a little before t's (the second pass of an overlap repeats earlier wall
    // times) and keep the earliest instant after t. Bounded: stops a few hours past the best.
    std::optional<qint64> best;
    qint64 bestWall = 0;
    std::optional<qint64> wall = nextWallMatch(tWallMinute - kMaxShiftSecs);
    for (int i = 0; wall && i < 20000; ++i) {
        if (best && *wall > bestWall + kMaxShiftSecs)
            break;
        for (const qint64 u : instantsForWall(*wall)) {
            if (u * 1000 > tMs && (!best || u < *best)) {
                best = u;
                bestWall = *wall;
            }
        }
        wall = nextWallMatch(*wall + 60);
    }
    return best ? utcFromSecs(*best) : QDateTime();
}

QString CronExpression::describe() const
{
    const QStringList &f = m_fieldTexts;
    const bool allMinutes = m_minutes == (quint64(1) << 60) - 1;
    const int singleMinute = std::popcount(m_minutes) == 1 ? std::countr_zero(m_minutes) : -1;
    const int singleHour = std::popcount(m_hours) == 1 ? std::countr_zero(m_hours) : -1;
    static const QRegularExpression stepRe(QStringLiteral("^\\*/(\\d+)$"));

    QString time;
    const auto minuteStep = stepRe.match(f[0]);
    const auto hourStep = stepRe.match(f[1]);
    if (allMinutes && matchesAllHours())
        time = QStringLiteral("every minute");
    else if (minuteStep.hasMatch() && matchesAllHours())
        time = QStringLiteral("every %1 minutes").arg(minuteStep.captured(1));
    else if (singleMinute >= 0 && matchesAllHours())
        time = singleMinute == 0 ? QStringLiteral("every hour")
                                 : QStringLiteral("every hour at minute %1").arg(singleMinute);
    else if (singleMinute >= 0 && singleHour >= 0)
        time = QStringLiteral("at %1:%2")
                   .arg(singleHour, 2, 10, QLatin1Char('0'))
                   .arg(singleMinute, 2, 10, QLatin1Char('0'));
    else if (singleMinute >= 0 && hourStep.hasMatch())
        time =
            singleMinute == 0
                ? QStringLiteral("every %1 hours").arg(hourStep.captured(1))
                : QStringLiteral("every %1 hours at minute %2").arg(hourStep.captured(1)).arg(singleMinute);
    else if (singleMinute >= 0)
        time = QStringLiteral("at minute %1 of hours %2")
                   .arg(singleMinute)
                   .arg(formatBits(m_hours, 0, 23, nullptr, 0));
    else
        time = QStringLiteral("at minutes %1 of hours %2")
                   .arg(formatBits(m_minutes, 0, 59, nullptr, 0), formatBits(m_hours, 0, 23, nullptr, 0));

    const bool domRestricted = m_dom != ((quint64(1) << 32) - 2);
    const bool dowRestricted = m_dow != (quint64(1) << 7) - 1;
    const QString dom = QStringLiteral("day %1 of the month").arg(formatBits(m_dom, 1, 31, nullptr, 0));
    const QString dow = formatBits(m_dow, 0, 6, kDayNames.data(), 0);
    if (domRestricted && dowRestricted)
        time +=
            QStringLiteral(" on %1 %2 %3")
                .arg(dom, (m_domStar || m_dowStar) ? QStringLiteral("if it is a") : QStringLiteral("or on"),
                     dow);
    else if (domRestricted)
        time += QStringLiteral(" on ") + dom;
    else if (dowRestricted)
        time += QStringLiteral(" on ") + dow;
    if (m_months != (quint64(1) << 13) - 2)
        time += QStringLiteral(" in ") + formatBits(m_months, 1, 12, kMonthNames.data(), 1);
    return time;
}

} // namespace cc
