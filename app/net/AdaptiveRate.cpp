#include "AdaptiveRate.h"

#include "HttpExchange.h"
#include "RetryPolicy.h"
#include "base/Clock.h"

#include <algorithm>

namespace cc {

namespace {
constexpr qint64 kAnswerWindowMs = 1000;
constexpr double kLatencySmoothing = 0.1;
constexpr int kLatencySamplesBeforeBaseline = 5;
} // namespace

AdaptiveRate::AdaptiveRate(const Settings &settings, const Clock *clock)
    : m_settings(settings), m_clock(clock)
{
    start();
}

qint64 AdaptiveRate::nowMs() const
{
    return m_clock->monotonicMs();
}

void AdaptiveRate::start(std::optional<double> rememberedRate)
{
    const double from = rememberedRate && *rememberedRate > 0 ? *rememberedRate : m_settings.startRate;
    m_rate = std::clamp(from, m_settings.floor, m_settings.ceiling);
    m_state = rememberedRate && *rememberedRate > 0 ? State::Remembered : State::Started;
    // A remembered rate is where a limit was found: probe gently from there, not exponentially.
    m_everCut = m_state == State::Remembered;
    m_cutFrom = m_rate;
    m_knownGood = m_everCut ? m_rate : 0;
    m_limitFound = 0;
    m_probeBase = m_rate;
    m_probeMs = 0;
    m_lastCutMs = -1;
    m_resumeAtMs = -1;
    m_lastRiseMs = -1;
    m_startedMs = nowMs();
    m_recentAnswers.clear();
}

qint64 AdaptiveRate::msUntilResume() const
{
    return m_resumeAtMs < 0 ? 0 : std::max<qint64>(0, m_resumeAtMs - nowMs());
}

double AdaptiveRate::recentAnswerRate() const
{
    const qint64 span = std::clamp<qint64>(nowMs() - m_startedMs, 100, kAnswerWindowMs);
    return m_recentAnswers.size() * 1000.0 / span;
}

void AdaptiveRate::recordResult(const HttpResult &result)
{
    const ServiceError &error = result.error;
    if (!error.isError() ||
        (error.kind == ServiceError::Kind::Http && result.status != 429 && result.status < 500)) {
        record(Answer::Clean, result.latencyMs); // a 4xx is an answer: the service kept up
    } else if (result.status == 429) {
        const QDateTime now = m_clock->now();
        std::optional<qint64> wait = RetryPolicy::parseRetryAfterMs(result.header("retry-after"), now);
        if (!wait)
            wait = RetryPolicy::parseRateLimitResetMs(result.header("x-ratelimit-reset"), now);
        record(Answer::Throttled, result.latencyMs, wait, 429);
    } else if (error.isServiceFailure()) {
        record(Answer::Struggling, result.latencyMs, std::nullopt, result.status);
    } else {
        record(Answer::Neutral, result.latencyMs);
    }
}

void AdaptiveRate::record(Answer answer, qint64 latencyMs, std::optional<qint64> serverWaitMs, int httpStatus)
{
    if (answer == Answer::Neutral)
        return;
    const qint64 now = nowMs();
    m_recentAnswers.push_back(now);
    while (!m_recentAnswers.empty() && m_recentAnswers.front() <= now - kAnswerWindowMs)
        m_recentAnswers.pop_front();
    // Answers counted across a pause the service asked for understate the pace the rate allows:
    // cutting from them would ratchet the rate down with each 429 that follows a pause.
    const bool pausedLately = m_resumeAtMs >= 0 && m_resumeAtMs > now - kAnswerWindowMs;

    switch (answer) {
    case Answer::Throttled:
        if (serverWaitMs && *serverWaitMs > 0)
            m_resumeAtMs = std::max(m_resumeAtMs, now + std::min(*serverWaitMs, m_settings.maxPauseMs));
        cut(m_settings.throttleCut, State::Throttled, httpStatus, pausedLately);
        return;
    case Answer::Struggling:
        cut(m_settings.failureCut, State::Struggling, httpStatus, pausedLately);
        return;
    case Answer::Clean:
    case Answer::Neutral:
        break;
    }

    if (latencyMs >= 0) {
        m_smoothedLatencyMs =
            m_smoothedLatencyMs < 0
                ? double(latencyMs)
                : m_smoothedLatencyMs + kLatencySmoothing * (latencyMs - m_smoothedLatencyMs);
        if (m_recentAnswers.size() >= kLatencySamplesBeforeBaseline || m_baselineLatencyMs >= 0)
            m_baselineLatencyMs = m_baselineLatencyMs < 0
                                      ? m_smoothedLatencyMs
                                      : std::min(m_baselineLatencyMs, m_smoothedLatencyMs);
        if (m_baselineLatencyMs >= 0 && m_smoothedLatencyMs > m_settings.latencyFactor * m_baselineLatencyMs +
                                                                  m_settings.latencySlackMs) {
            // Slower answers may be the service's new normal: accept it a little each time, so a
            // lasting change does not push the rate down to the floor.
            if (cut(m_settings.latencyCut, State::Slowing, 0, pausedLately))
                m_baselineLatencyMs *= 1.2;
            return;
        }
    }
    if (msUntilResume() == 0)
        rise();
}

bool AdaptiveRate::cut(double factor, State why, int httpStatus, bool pausedLately)
{
    const qint64 now = nowMs();
    // Requests sent before the last cut answer after it; one overload is one cut, as in TCP.
    const qint64 spacing =
        std::max<qint64>(m_settings.minCutSpacingMs, qint64(2 * std::max(0.0, m_smoothedLatencyMs)));
    if (m_lastCutMs >= 0 && now - m_lastCutMs < spacing)
        return false;
    // The pace that hit the limit is what was actually sent, which may be below a rate that
    // concurrency never let us use; unless a pause was in the window: then the rate in force.
    const double used = pausedLately ? 0 : recentAnswerRate();
    const double from = used > 0 ? std::min(m_rate, used) : m_rate;
    m_cutFrom = from;
    m_rate = std::clamp(from * factor, m_settings.floor, m_settings.ceiling);
    m_everCut = true;
    // A 429 is the limit itself: come back quickly to just below it, then probe slowly. A failure or
    // slowing is the service's trouble, which passes, so the pace it took before is still worth
    // returning to quickly.
    if (why == State::Throttled) {
        m_limitFound = from;
        m_knownGood = std::clamp(from * m_settings.holdShare, m_rate, m_settings.ceiling);
    }
    m_probeBase = std::max(m_knownGood, m_rate);
    m_probeMs = 0;
    m_lastRiseMs = -1;
    m_lastCutMs = now;
    m_state = why;
    m_lastStatus = httpStatus;
    return true;
}

void AdaptiveRate::rise()
{
    const qint64 now = nowMs();
    const qint64 sinceLastMs = m_lastRiseMs < 0 ? 0 : std::min<qint64>(now - m_lastRiseMs, 1000);
    m_lastRiseMs = now;
    // Only raise a rate that is being used: with concurrency binding, a higher rate proves nothing.
    if (recentAnswerRate() < 0.5 * m_rate)
        return;
    if (!m_everCut || m_rate < m_knownGood) {
        // Slow start, or back quickly to a pace known good (after a 429: just below it).
        const double to = m_rate + m_settings.slowStartGain;
        m_rate = std::min(m_settings.ceiling, m_everCut ? std::min(to, m_knownGood) : to);
    } else {
        // Probe: barely at first, then faster the longer answers stay clean (d/dt of a cubic).
        m_probeMs += sinceLastMs;
        const double knee = std::max<qint64>(1, m_settings.probeKneeMs) / 1000.0;
        const double t = m_probeMs / 1000.0 / knee;
        const double perSecond = m_settings.probeMinShare + 3 * m_settings.probeGain * t * t / knee;
        m_rate = std::min(m_settings.ceiling, m_rate + m_probeBase * perSecond * sinceLastMs / 1000.0);
    }
    m_knownGood = std::max(m_knownGood, m_rate);
    if (m_rate >= m_settings.ceiling) {
        m_state = State::AtCeiling;
    } else if (m_state == State::Throttled && m_rate < m_knownGood) {
        // still coming back from the 429
    } else if (m_state == State::Throttled || m_state == State::Holding || m_state == State::Probing ||
               m_state == State::AtCeiling || m_lastCutMs < 0 || now - m_lastCutMs > 5000) {
        if (m_state == State::Remembered && now - m_startedMs < 5000)
            m_state = State::Remembered;
        else if (m_limitFound > 0)
            m_state = m_rate <= m_limitFound ? State::Holding : State::Probing;
        else
            m_state = State::Rising;
    }
}

QString AdaptiveRate::formatRate(double rate)
{
    return rate >= 10 ? QStringLiteral("%1/s").arg(qRound(rate))
                      : QStringLiteral("%1/s").arg(rate, 0, 'f', 1);
}

QString AdaptiveRate::reason() const
{
    const qint64 pause = msUntilResume();
    if (pause > 0)
        return QStringLiteral("paused %1 s as the service asked, after a 429 at %2")
            .arg((pause + 999) / 1000)
            .arg(formatRate(m_cutFrom));
    switch (m_state) {
    case State::Started:
        return QStringLiteral("started moderately; rising while answers are clean");
    case State::Remembered:
        return QStringLiteral("started at the rate found last run");
    case State::Rising:
        return QStringLiteral("rising: answers clean");
    case State::AtCeiling:
        return QStringLiteral("at the configured ceiling");
    case State::Throttled:
        return QStringLiteral("held back after a 429 at %1").arg(formatRate(m_cutFrom));
    case State::Holding:
        return QStringLiteral("held just below the limit found at %1").arg(formatRate(m_limitFound));
    case State::Probing:
        return QStringLiteral("probing above the limit found at %1: answers clean")
            .arg(formatRate(m_limitFound));
    case State::Struggling:
        return m_lastStatus > 0
                   ? QStringLiteral("held back after HTTP %1 at %2")
                         .arg(m_lastStatus)
                         .arg(formatRate(m_cutFrom))
                   : QStringLiteral("held back after a failed request at %1").arg(formatRate(m_cutFrom));
    case State::Slowing:
        return QStringLiteral("held back: answers slowed to %1 ms (usually %2 ms)")
            .arg(qRound(m_smoothedLatencyMs))
            .arg(qRound(m_baselineLatencyMs));
    }
    return {};
}

QString AdaptiveRate::describe() const
{
    return formatRate(m_rate) + QStringLiteral(" — ") + reason();
}

} // namespace cc
