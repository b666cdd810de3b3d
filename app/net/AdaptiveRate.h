#pragma once

#include <QString>
#include <QtGlobal>
#include <deque>
#include <optional>

namespace cc {

class Clock;
struct HttpResult;

// Finds and holds the pace a service accepts (as TCP's CUBIC does): start moderately, raise the rate
// while answers come back clean and in time, cut it on a 429, a 5xx or answers slowing well past
// their usual latency. After a 429 it returns quickly to just below the pace the 429 came at and
// holds there, probing above only slowly at first and faster the longer answers stay clean (a
// cubic in time), so the limit is hit, and its Retry-After pause paid, rarely, while a raised
// limit is still found within a minute or two. Never above the ceiling. Pure: the channel tells it what came
// back, and it reads time from the injected clock only. The concurrency bound stays the channel's
// maxInFlight.
class AdaptiveRate
{
public:
    struct Settings
    {
        double ceiling = 1000;      // hard cap, requests per second
        double floor = 0.5;         // never below: a run must still move
        double startRate = 5;       // when nothing was remembered
        double slowStartGain = 0.3; // before the first cut, and back to a pace known good: each clean
                                    // answer adds this much (≈ ×1.35/s)
        double holdShare = 0.95;    // after a 429: back quickly to this share of the pace it came at
        // Then probe above the rate held: per second, probeMinShare of it plus a cubic that has added
        // probeGain of it after probeKneeMs of clean answers (8× that after twice as long).
        double probeMinShare = 0.001;
        double probeGain = 0.05;
        qint64 probeKneeMs = 30000;
        double throttleCut = 0.8; // on a 429
        double failureCut = 0.7;  // on a 5xx, timeout or network error
        double latencyCut = 0.85; // on answers slowing
        double latencyFactor = 3; // slowing means smoothed latency > factor × baseline + slack
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
    // Why the rate is what it is: "held back after a 429 at 41/s", "held just below the limit found
    // at 41/s", "probing above the limit found at 41/s: answers clean", "rising: answers clean".
    QString reason() const;
    // "39/s — held just below the limit found at 41/s"
    QString describe() const;
    static QString formatRate(double rate);

private:
    enum class State {
        Started,
        Remembered,
        Rising,
        AtCeiling,
        Throttled, // cut by a 429, returning to just below it
        Holding,   // just below the limit found, probing slowly
        Probing,   // above the limit found, answers still clean
        Struggling,
        Slowing
    };

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
    double m_knownGood = 0;  // rise fast back to it: the hold after a 429, else the highest clean rate
    double m_limitFound = 0; // the pace the last 429 came at (0: none this run)
    double m_probeBase = 0;  // the rate the current probe started from
    qint64 m_probeMs = 0;    // clean, used time since then: the probe accelerates with it
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
