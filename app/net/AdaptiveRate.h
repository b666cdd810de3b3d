#pragma once

#include <QString>
#include <QtGlobal>
#include <deque>
#include <optional>

namespace cc {

class Clock;
struct HttpResult;

// Finds and holds the pace a service accepts (AIMD, as TCP does): start moderately, raise the rate
// while answers come back clean and in time, cut it on a 429, a 5xx or answers slowing well past
// their usual latency. Never above the ceiling. Pure: the channel tells it what came back, and it
// reads time from the injected clock only. The concurrency bound stays the channel's maxInFlight.
class AdaptiveRate
{
public:
    struct Settings
    {
        double ceiling = 1000;      // hard cap, requests per second
        double floor = 0.5;         // never below: a run must still move
        double startRate = 5;       // when nothing was remembered
        double slowStartGain = 0.3; // before the first cut: each clean answer adds this much (≈ ×1.35/s)
        double riseShare = 0.03;    // after a cut: rise by this share of the cut-from rate per second
        double throttleCut = 0.8;   // on a 429
        double failureCut = 0.7;    // on a 5xx, timeout or network error
        double latencyCut = 0.85;   // on answers slowing
        double latencyFactor = 3;   // slowing means smoothed latency > factor × baseline + slack
        qint64 latencySlackMs = 100;
        qint64 minCutSpacingMs = 500; // answers to requests sent before a cut do not cut again
        qint64 maxPauseMs = 60000;    // a longer Retry-After is the channel's business (the call fails)
    };

    enum class Answer {
        Clean,      // a final answer, 2xx or a 4xx other than 429
        Throttled,  // 429
        Struggling, // 5xx, timeout, network error
        Neutral,    // aborted, refused locally: says nothing about the service's pace
    };

    AdaptiveRate(const Settings &settings, const Clock *clock);

    // Starts from the rate a previous run found (clamped), or the moderate default.
    void start(std::optional<double> rememberedRate = std::nullopt);
    // One answer; `serverWaitMs` from Retry-After / X-RateLimit-Reset, `httpStatus` 0 when none.
    void record(Answer answer, qint64 latencyMs, std::optional<qint64> serverWaitMs = std::nullopt,
                int httpStatus = 0);

    // The same for one HTTP answer as the channel built it: classifies it and reads the server's wait.
    void recordResult(const HttpResult &result);

    double rate() const { return m_rate; }
    double ceiling() const { return m_settings.ceiling; }
    // Milliseconds new requests must still wait because the service asked (0: go).
    qint64 msUntilResume() const;
    // Why the rate is what it is: "held back after a 429 at 41/s", "rising: answers clean".
    QString reason() const;
    // "38/s — held back after a 429 at 41/s"
    QString describe() const;
    static QString formatRate(double rate);

private:
    enum class State { Started, Remembered, Rising, AtCeiling, Throttled, Struggling, Slowing };

    qint64 nowMs() const;
    // false: too soon after the last one. `pausedLately`: a pause the service asked for fell in the
    // last second, so the answers counted there are not the pace sent.
    bool cut(double factor, State why, int httpStatus, bool pausedLately);
    void rise();
    double recentAnswerRate() const;

    Settings m_settings;
    const Clock *m_clock;
    double m_rate = 5;
    double m_cutFrom = 0; // the rate a cut happened at: the limit is near there
    bool m_everCut = false;
    double m_knownGood = 0; // highest rate answered clean since the last 429: rise fast back to it
    State m_state = State::Started;
    int m_lastStatus = 0;
    qint64 m_lastCutMs = -1;
    qint64 m_resumeAtMs = -1;
    qint64 m_lastRiseMs = -1;
    qint64 m_startedMs = 0;
    double m_smoothedLatencyMs = -1;
    double m_baselineLatencyMs = -1;
    std::deque<qint64> m_recentAnswers; // times of the last second's answers
};

} // namespace cc
