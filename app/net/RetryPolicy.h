#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QRandomGenerator>
#include <optional>

namespace cc {

// Capped exponential backoff with full jitter, and the server's own "come back later" hints.
struct RetryPolicy
{
    int maxAttempts = 4;            // first try included
    qint64 baseDelayMs = 250;       // delay ceiling for the first retry
    qint64 maxDelayMs = 10000;      // ceiling for any computed backoff
    qint64 maxServerWaitMs = 60000; // longest Retry-After we honour; beyond it we give up instead

    // Full jitter: uniform in [0, min(maxDelay, base * 2^(retry-1))]. `retry` counts from 1.
    qint64 backoffMs(int retry, QRandomGenerator &rng) const;

    // Retry-After as delta-seconds or an HTTP date; nullopt when absent or unparsable.
    // The longest wait a server can ask for that we represent; anything longer is clamped to it (and
    // is far beyond what the channel waits for, so the call fails and the next run retries).
    static constexpr qint64 kMaxServerWaitSeconds = 366LL * 24 * 3600;
    static std::optional<qint64> parseRetryAfterMs(const QByteArray &value, const QDateTime &now);
    // X-RateLimit-Reset is a Unix time in seconds (Appwrite).
    static std::optional<qint64> parseRateLimitResetMs(const QByteArray &value, const QDateTime &now);
};

} // namespace cc
