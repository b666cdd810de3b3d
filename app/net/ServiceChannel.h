#pragma once

#include "AdaptiveRate.h"
#include "CircuitBreaker.h"
#include "HttpExchange.h"
#include "RetryPolicy.h"
#include "TokenBucket.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <deque>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace cc {

class Clock;

// The HTTP foundation one service's client sends through: per-request timeouts, retries of
// transient failures with capped exponential backoff and full jitter (or the server's Retry-After /
// X-RateLimit-Reset), a limit on requests in flight, a token-bucket rate limit, a circuit breaker,
// a response size limit, and redaction of secrets in everything it reports.
// Lives in one thread (the thread of its QNetworkAccessManager); not thread-safe.
class ServiceChannel : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QString service; // "appwrite", "graphy": names the service in every error
        int maxInFlight = 4;
        double ratePerSecond = 0; // 0: unlimited; with adaptiveRate, the ceiling (0: AdaptiveRate's)
        double burst = 1;
        bool adaptiveRate = false; // the bucket follows an AdaptiveRate instead of a fixed number
        double startRate = 0;      // adaptive: where to start, e.g. the rate found last run; 0: default
        qint64 timeoutMs = 30000;
        qint64 maxResponseBytes = 16 * 1024 * 1024;
        RetryPolicy retry;
        CircuitBreaker::Settings breaker;
    };

    struct Stats
    {
        qint64 requests = 0; // attempts sent
        qint64 retries = 0;
        qint64 failures = 0; // calls that ended in an error
        qint64 lastLatencyMs = -1;
        QDateTime lastSuccessAt;
        ServiceError lastError;
        // The service's clock minus ours, from the last answer's Date header (1 s resolution);
        // meaningful only when hasServerClock.
        qint64 serverClockOffsetMs = 0;
        bool hasServerClock = false;
    };

    // Fills `error.type` and `error.message` from a service's error body.
    using ErrorBodyParser = std::function<void(const HttpResult &result, ServiceError &error)>;
    using Callback = std::function<void(const HttpResult &result)>;

    ServiceChannel(const Settings &settings, QNetworkAccessManager *nam, const Clock *clock,
                   QObject *parent = nullptr);
    ~ServiceChannel() override;

    void setErrorBodyParser(ErrorBodyParser parser) { m_errorParser = std::move(parser); }
    void setRetrySeed(quint32 seed) { m_rng.seed(seed); }
    const Settings &settings() const { return m_settings; }
    void setLimits(int maxInFlight, double ratePerSecond);

    // `done` is called exactly once, in this thread, unless `context` is destroyed first.
    void send(const HttpRequestSpec &spec, QObject *context, Callback done);
    // Fails everything queued, waiting or in flight with an Aborted error.
    void abortAll();
    // The same for the calls whose context is `owner` or one of its descendants only: stopping a
    // run leaves the operator's manual check and health check alone.
    void abortOwnedBy(const QObject *owner);

    CircuitBreaker::State breakerState() const;
    qint64 msUntilProbe() const;
    Stats stats() const { return m_stats; }
    int inFlight() const { return m_inFlight; }
    int queued() const { return static_cast<int>(m_queue.size()); }
    // The pace in force: the adaptive rate, the fixed limit, or 0 for unlimited.
    double currentRate() const;
    // "38/s — held back after a 429 at 41/s", "fixed at 5/s", "unlimited".
    QString paceDescription() const;
    bool isAdaptive() const { return m_adaptive != nullptr; }

    // Plain http is only for loopback hosts; everything else must be https.
    static bool isAllowedUrl(const QUrl &url, QString *why);

signals:
    void breakerStateChanged(cc::CircuitBreaker::State state);

private:
    struct Call;

    void pump();
    void abortWhere(const std::function<bool(const Call &)> &which);
    void dispatch(const std::shared_ptr<Call> &call);
    void send(const std::shared_ptr<Call> &call);
    void onReplyFinished(const std::shared_ptr<Call> &call);
    void noteServerClock(const QByteArray &date);
    bool followRedirect(const std::shared_ptr<Call> &call, QNetworkReply *reply);
    HttpResult buildResult(const std::shared_ptr<Call> &call, QNetworkReply *reply);
    void finish(const std::shared_ptr<Call> &call, HttpResult result);
    void scheduleRetry(const std::shared_ptr<Call> &call, qint64 delayMs);
    std::optional<qint64> retryDelay(const std::shared_ptr<Call> &call, const HttpResult &result);
    void updateBreaker(const std::shared_ptr<Call> &call, const HttpResult &result);
    static QString failureCause(const std::shared_ptr<Call> &call, const HttpResult &result);
    void emitBreakerIfChanged();
    ServiceError makeError(const std::shared_ptr<Call> &call, ServiceError::Kind kind, const QString &type,
                           const QString &message) const;
    qint64 nowMs() const;
    // Adaptive: moves the bucket to the controller's rate; the wait the service asked for, or 0.
    qint64 followAdaptiveRate();

    Settings m_settings;
    QNetworkAccessManager *pickManager();

    // QNetworkAccessManager opens at most 6 HTTP/1.1 connections per host; with more requests in
    // flight than that, the extra ones would queue inside Qt and the in-flight limit would be a lie.
    // So the channel keeps one manager per 6 requests in flight (all in this thread).
    static constexpr int kConnectionsPerManager = 6;
    QList<QNetworkAccessManager *> m_nams;
    QHash<QNetworkAccessManager *, int> m_namLoad;
    const Clock *m_clock;
    ErrorBodyParser m_errorParser;
    CircuitBreaker m_breaker;
    TokenBucket m_bucket;
    std::unique_ptr<AdaptiveRate> m_adaptive;
    QRandomGenerator m_rng;
    std::deque<std::shared_ptr<Call>> m_queue;
    QList<std::shared_ptr<Call>> m_active; // in flight or waiting for a retry
    QTimer *m_pumpTimer;
    int m_inFlight = 0;
    Stats m_stats;
    // The last Date header and its parse: it changes once a second, and parsing it (QLocale, which
    // reads the local time zone) cost ~5 % of a run's CPU when done for every answer.
    QByteArray m_lastDateHeader;
    // What made the service fail last ("connection refused at 127.0.0.1:9"), so an open breaker
    // names the cause instead of only "requests paused".
    QString m_lastFailureCause;
    QDateTime m_lastServerDate;
    CircuitBreaker::State m_lastBreakerState = CircuitBreaker::State::Closed;
};

} // namespace cc
