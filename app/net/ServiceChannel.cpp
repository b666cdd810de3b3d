#include "ServiceChannel.h"

#include "ServiceChannelCall.h"
#include "base/Clock.h"

#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace cc {

namespace {
bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}
} // namespace

ServiceChannel::ServiceChannel(const Settings &settings, QNetworkAccessManager *nam, const Clock *clock,
                               QObject *parent)
    : QObject(parent), m_clock(clock), m_breaker(settings.breaker),
      m_bucket(settings.ratePerSecond, settings.burst), m_rng(QRandomGenerator::global()->generate()),
      m_pumpTimer(new QTimer(this))
{
    m_settings = settings;
    if (settings.adaptiveRate) {
        AdaptiveRate::Settings adaptive;
        if (settings.ratePerSecond > 0)
            adaptive.ceiling = settings.ratePerSecond;
        m_adaptive = std::make_unique<AdaptiveRate>(adaptive, clock);
        m_adaptive->start(settings.startRate > 0 ? std::optional<double>(settings.startRate) : std::nullopt);
        followAdaptiveRate();
    }
    m_nams.append(nam ? nam : new QNetworkAccessManager(this));
    m_pumpTimer->setSingleShot(true);
    connect(m_pumpTimer, &QTimer::timeout, this, &ServiceChannel::pump);
}

ServiceChannel::~ServiceChannel()
{
    // Replies belong to the QNetworkAccessManager; make sure none calls back into a dead channel.
    for (const auto &call : std::as_const(m_active)) {
        if (call->reply) {
            call->reply->disconnect(this);
            call->reply->abort();
            call->reply->deleteLater();
        }
    }
}

QNetworkAccessManager *ServiceChannel::pickManager()
{
    const int wanted = (m_settings.maxInFlight + kConnectionsPerManager - 1) / kConnectionsPerManager;
    while (m_nams.size() < wanted)
        m_nams.append(new QNetworkAccessManager(this));
    QNetworkAccessManager *best = m_nams.first();
    for (QNetworkAccessManager *nam : std::as_const(m_nams)) {
        if (m_namLoad.value(nam) < m_namLoad.value(best))
            best = nam;
    }
    return best;
}

void ServiceChannel::setLimits(int maxInFlight, double ratePerSecond)
{
    m_settings.maxInFlight = std::max(1, maxInFlight);
    m_settings.ratePerSecond = ratePerSecond;
    m_adaptive.reset(); // a number set by hand is a fixed limit
    m_bucket.setRate(ratePerSecond, m_settings.burst);
    pump();
}

qint64 ServiceChannel::followAdaptiveRate()
{
    const double rate = m_adaptive->rate();
    if (rate != m_bucket.rate())
        m_bucket.adjustRate(rate, std::max(1.0, rate / 10)); // a tenth of a second: little overshoot
    return m_adaptive->msUntilResume();
}

double ServiceChannel::currentRate() const
{
    return m_adaptive ? m_adaptive->rate() : m_settings.ratePerSecond;
}

QString ServiceChannel::paceDescription() const
{
    if (m_adaptive)
        return m_adaptive->describe();
    if (m_settings.ratePerSecond <= 0)
        return QStringLiteral("unlimited");
    return QStringLiteral("fixed at %1").arg(AdaptiveRate::formatRate(m_settings.ratePerSecond));
}

qint64 ServiceChannel::nowMs() const
{
    return m_clock->monotonicMs();
}

bool ServiceChannel::isAllowedUrl(const QUrl &url, QString *why)
{
    if (!url.isValid() || url.host().isEmpty()) {
        *why = QStringLiteral("not a valid URL");
        return false;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return true;
    if (scheme == QLatin1String("http")) {
        if (isLoopbackHost(url.host()))
            return true;
        *why = QStringLiteral("plain http is only allowed to a loopback host; use https");
        return false;
    }
    *why = QStringLiteral("unsupported scheme '%1'").arg(scheme);
    return false;
}

CircuitBreaker::State ServiceChannel::breakerState() const
{
    return m_breaker.state(nowMs());
}

qint64 ServiceChannel::msUntilProbe() const
{
    return m_breaker.msUntilProbe(nowMs());
}

void ServiceChannel::send(const HttpRequestSpec &spec, QObject *context, Callback done)
{
    auto call = std::make_shared<Call>();
    call->spec = spec;
    call->context = context;
    call->hasContext = context != nullptr;
    call->done = std::move(done);
    QString why;
    if (!isAllowedUrl(spec.url, &why)) {
        HttpResult result;
        result.error = makeError(call, ServiceError::Kind::Config, QStringLiteral("insecure_url"), why);
        // Report asynchronously, like every other outcome, so callers never re-enter themselves.
        m_active.append(call);
        QTimer::singleShot(0, this, [this, call, result] { finish(call, result); });
        return;
    }
    m_queue.push_back(call);
    pump();
}

void ServiceChannel::pump()
{
    while (m_inFlight < m_settings.maxInFlight && !m_queue.empty()) {
        const qint64 now = nowMs();
        auto call = m_queue.front();
        // Half-open: the probe is out. Everyone else waits for its outcome; updateBreaker() pumps
        // again, and then they are sent (it worked) or fail fast (the service is still down).
        if (m_breaker.probeInFlight())
            return;
        if (!m_breaker.allowRequest(now)) {
            m_queue.pop_front();
            HttpResult result;
            result.attempts = call->attempts;
            result.error = makeError(call, ServiceError::Kind::CircuitOpen, QStringLiteral("circuit_open"),
                                     QStringLiteral("%1 is failing (%2); requests paused for %3 s")
                                         .arg(m_settings.service, m_lastFailureCause.isEmpty()
                                                                      ? QStringLiteral("repeated failures")
                                                                      : m_lastFailureCause)
                                         .arg((m_breaker.msUntilProbe(now) + 999) / 1000));
            m_active.append(call);
            // Asynchronously, like every other outcome: send() must return before its callback runs.
            QTimer::singleShot(0, this, [this, call, result] { finish(call, result); });
            emitBreakerIfChanged();
            continue;
        }
        // The service asked us to wait (Retry-After on a 429): nothing new goes until then.
        const qint64 asked = m_adaptive ? followAdaptiveRate() : 0;
        const qint64 wait = asked > 0 ? asked : m_bucket.tryAcquire(now);
        if (wait > 0) {
            // Give back the probe slot we may have taken; we did not send.
            m_breaker.recordNeutral();
            if (!m_pumpTimer->isActive() || m_pumpTimer->remainingTime() > wait)
                m_pumpTimer->start(static_cast<int>(wait));
            return;
        }
        m_queue.pop_front();
        dispatch(call);
    }
}

void ServiceChannel::dispatch(const std::shared_ptr<Call> &call)
{
    ++call->attempts;
    call->redirects = 0;
    call->url = call->spec.url;
    send(call);
}

void ServiceChannel::send(const std::shared_ptr<Call> &call)
{
    QNetworkRequest request(call->url);
    // Every redirect is ours to follow or refuse (followRedirect): Qt would follow one to any host
    // with the key in the headers, turn a POST or PATCH into a GET on 301/302/303, and Qt 6.4's
    // user-verified policy re-sends each hop several times over fresh connections.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    for (const auto &[name, value] : call->spec.headers)
        request.setRawHeader(name, value);
    ++m_stats.requests;
    ++m_inFlight;
    if (!m_active.contains(call))
        m_active.append(call);
    call->timedOut = false;
    call->tooLarge = false;
    call->sentAtMs = nowMs();
    call->manager = pickManager();
    ++m_namLoad[call->manager.data()];
    QNetworkReply *reply =
        call->spec.body.isEmpty() && call->spec.method == "GET"
            ? call->manager->get(request)
            : call->manager->sendCustomRequest(request, call->spec.method, call->spec.body);
    call->reply = reply;

    const qint64 timeoutMs = call->spec.timeoutMs > 0 ? call->spec.timeoutMs : m_settings.timeoutMs;
    call->timeout = new QTimer(this);
    call->timeout->setSingleShot(true);
    connect(call->timeout, &QTimer::timeout, this, [call] {
        call->timedOut = true;
        if (call->reply)
            call->reply->abort();
    });
    call->timeout->start(static_cast<int>(timeoutMs));

    const qint64 limit = m_settings.maxResponseBytes;
    connect(reply, &QNetworkReply::downloadProgress, this, [call, limit](qint64 received, qint64 total) {
        if ((received > limit || total > limit) && call->reply && !call->tooLarge) {
            call->tooLarge = true;
            call->reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [this, call] { onReplyFinished(call); });
}

void ServiceChannel::onReplyFinished(const std::shared_ptr<Call> &call)
{
    QNetworkReply *reply = call->reply.data();
    if (!reply)
        return;
    call->reply = nullptr;
    --m_namLoad[call->manager.data()];
    if (call->timeout) {
        call->timeout->stop();
        call->timeout->deleteLater();
        call->timeout = nullptr;
    }
    --m_inFlight;
    if (followRedirect(call, reply)) {
        noteServerClock(reply->rawHeader("Date"));
        reply->deleteLater();
        send(call);
        return;
    }
    HttpResult result = buildResult(call, reply);
    reply->deleteLater();
    updateBreaker(call, result);
    if (m_adaptive && !call->aborted)
        m_adaptive->recordResult(result);

    if (result.error.isError() && !call->aborted) {
        if (const auto delay = retryDelay(call, result)) {
            ++m_stats.retries;
            scheduleRetry(call, *delay);
            pump();
            return;
        }
    }
    finish(call, result);
    pump();
}

std::optional<qint64> ServiceChannel::retryDelay(const std::shared_ptr<Call> &call, const HttpResult &result)
{
    const RetryPolicy &policy = m_settings.retry;
    if (!call->spec.retryable || call->attempts >= policy.maxAttempts || !result.error.isTransient())
        return std::nullopt;
    if (result.error.kind == ServiceError::Kind::CircuitOpen ||
        result.error.kind == ServiceError::Kind::Aborted)
        return std::nullopt;
    const QDateTime now = m_clock->now();
    std::optional<qint64> serverWait = RetryPolicy::parseRetryAfterMs(result.header("retry-after"), now);
    if (!serverWait && (result.status == 429 || result.status == 503))
        serverWait = RetryPolicy::parseRateLimitResetMs(result.header("x-ratelimit-reset"), now);
    if (serverWait) {
        if (*serverWait > policy.maxServerWaitMs)
            return std::nullopt; // the service asks for longer than we hold a request; the next run retries
        return *serverWait;
    }
    return policy.backoffMs(call->attempts, m_rng);
}

void ServiceChannel::scheduleRetry(const std::shared_ptr<Call> &call, qint64 delayMs)
{
    call->retryTimer = new QTimer(this);
    call->retryTimer->setSingleShot(true);
    connect(call->retryTimer, &QTimer::timeout, this, [this, call] {
        call->retryTimer->deleteLater();
        call->retryTimer = nullptr;
        // A retry goes ahead of new work: it is older.
        m_queue.push_front(call);
        pump();
    });
    call->retryTimer->start(static_cast<int>(delayMs));
}

void ServiceChannel::updateBreaker(const std::shared_ptr<Call> &call, const HttpResult &result)
{
    const qint64 now = nowMs();
    if (!result.error.isError()) {
        m_breaker.recordSuccess();
        m_stats.lastSuccessAt = m_clock->now();
        m_stats.lastLatencyMs = result.latencyMs;
    } else if (result.error.isServiceFailure()) {
        m_breaker.recordFailure(now);
        m_lastFailureCause = failureCause(call, result);
    } else if (result.error.kind == ServiceError::Kind::Http && result.status != 429) {
        // The service answered (a client error): it is up.
        m_breaker.recordSuccess();
        m_stats.lastLatencyMs = result.latencyMs;
    } else {
        m_breaker.recordNeutral();
    }
    emitBreakerIfChanged();
}

void ServiceChannel::emitBreakerIfChanged()
{
    const CircuitBreaker::State state = m_breaker.state(nowMs());
    if (state != m_lastBreakerState) {
        m_lastBreakerState = state;
        emit breakerStateChanged(state);
    }
}

void ServiceChannel::finish(const std::shared_ptr<Call> &call, HttpResult result)
{
    m_active.removeOne(call);
    if (result.error.isError()) {
        ++m_stats.failures;
        m_stats.lastError = result.error;
    }
    if (call->hasContext && !call->context)
        return;
    if (call->done) {
        auto done = std::move(call->done);
        call->done = nullptr;
        done(result);
    }
}

void ServiceChannel::abortAll()
{
    abortWhere([](const Call &) { return true; });
}

void ServiceChannel::abortOwnedBy(const QObject *owner)
{
    abortWhere([owner](const Call &call) {
        for (const QObject *o = call.context.data(); o; o = o->parent()) {
            if (o == owner)
                return true;
        }
        return false;
    });
}

void ServiceChannel::abortWhere(const std::function<bool(const Call &)> &which)
{
    std::deque<std::shared_ptr<Call>> doomed;
    for (auto it = m_queue.begin(); it != m_queue.end();) {
        if (which(**it)) {
            doomed.push_back(*it);
            it = m_queue.erase(it);
        } else {
            ++it;
        }
    }
    if (m_queue.empty())
        m_pumpTimer->stop();
    const auto active = m_active;
    for (const auto &call : active) {
        if (!which(*call))
            continue;
        call->aborted = true;
        if (call->retryTimer) {
            call->retryTimer->stop();
            call->retryTimer->deleteLater();
            call->retryTimer = nullptr;
            doomed.push_back(call);
        } else if (call->reply) {
            call->reply->abort(); // finishes synchronously through onReplyFinished
        }
    }
    for (const auto &call : doomed) {
        call->aborted = true;
        HttpResult result;
        result.attempts = call->attempts;
        result.error = makeError(call, ServiceError::Kind::Aborted, QStringLiteral("aborted"),
                                 QStringLiteral("request cancelled"));
        finish(call, result);
    }
    pump(); // what is left may go now
}

} // namespace cc
