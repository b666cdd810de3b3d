#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

namespace sandbox {

// Graphy's limit as the sandbox imitates it: a token bucket over all Graphy routes, on real time.
// Beyond it a request is answered 429 with Retry-After. A rate of 0 means no limit.
class GraphyRateLimiter
{
public:
    void setRate(double perSecond);
    double rate() const { return m_rate; }
    // Takes a token and returns 0, or returns the whole seconds until one is there (at least 1, as
    // Retry-After carries whole seconds).
    int admit();
    int refused() const { return m_refused; }
    void clearCounts() { m_refused = 0; }

private:
    double m_rate = 0;
    double m_burst = 1;
    double m_tokens = 1;
    qint64 m_lastMs = 0;
    int m_refused = 0;
    QElapsedTimer m_clock;
};

} // namespace sandbox
