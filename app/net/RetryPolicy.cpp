#include "RetryPolicy.h"

#include <QLocale>
#include <QTimeZone>
#include <algorithm>

#include <cmath>

namespace cc {

qint64 RetryPolicy::backoffMs(int retry, QRandomGenerator &rng) const
{
    const int shift = std::clamp(retry - 1, 0, 30);
    const qint64 ceiling = std::min(maxDelayMs, baseDelayMs << shift);
    if (ceiling <= 0)
        return 0;
    return static_cast<qint64>(rng.bounded(static_cast<quint64>(ceiling) + 1));
}

std::optional<qint64> RetryPolicy::parseRetryAfterMs(const QByteArray &value, const QDateTime &now)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double seconds = trimmed.toDouble(&ok);
    if (ok) {
        if (std::isnan(seconds) || seconds < 0)
            return std::nullopt; // says nothing usable: our own backoff applies
        // Clamped, never cast out of range: "1e300" or "inf" means "much later", not "now".
        return static_cast<qint64>(std::min(seconds, double(kMaxServerWaitSeconds)) * 1000);
    }
    // HTTP-date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(trimmed),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeZone(QTimeZone::utc());
    // Clamped like the delta form: a date years ahead is "much later", never more than we represent.
    return std::clamp<qint64>(now.msecsTo(when), 0, kMaxServerWaitSeconds * 1000);
}

std::optional<qint64> RetryPolicy::parseRateLimitResetMs(const QByteArray &value, const QDateTime &now)
{
    bool ok = false;
    const qint64 epochSeconds = value.trimmed().toLongLong(&ok);
    if (!ok || epochSeconds <= 0)
        return std::nullopt;
    const qint64 waitSeconds =
        std::min<qint64>(epochSeconds - now.toSecsSinceEpoch(), kMaxServerWaitSeconds); // no overflow
    return std::max<qint64>(0, waitSeconds * 1000 - now.time().msec());
}

} // namespace cc
