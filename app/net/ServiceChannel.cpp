#include "ServiceChannel.h"

#include "SecretRedactor.h"
#include "base/Clock.h"

#include <QHostAddress>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimeZone>
#include <QTimer>

namespace cc {

struct ServiceChannel::Call
{
    HttpRequestSpec spec;
    QPointer<QObject> context;
    bool hasContext = false;
    Callback done;
    int attempts = 0;
    // QPointer: a manager destroyed before the channel (sibling order) takes its replies with it.
    QPointer<QNetworkReply> reply;
    QPointer<QNetworkAccessManager> manager;
    QTimer *timeout = nullptr;
    QTimer *retryTimer = nullptr;
    qint64 sentAtMs = 0;
    bool timedOut = false;
    bool aborted = false;
    bool tooLarge = false;
    int redirects = 0; // followed, this attempt
    QUrl url;          // where this hop goes: the configured URL, or a redirect we chose to follow
};

namespace {
constexpr int kSnippetChars = 300;
// Redaction runs over this much more than the snippet, so a secret that straddles the cut is still
// found whole and never half-shown.
constexpr int kRedactionMarginChars = 4096;
constexpr int kMaxRedirects = 5;

int defaultPort(const QUrl &url)
{
    return url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
}

// Only a read may follow a redirect; a write is never re-sent.
bool isRead(const HttpRequestSpec &spec)
{
    return spec.method == "GET" || spec.method == "HEAD";
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           defaultPort(a) == defaultPort(b);
}

// "the Appwrite endpoint", "the Graphy endpoint"
QString endpointName(const QString &service)
{
    if (service.isEmpty())
        return QStringLiteral("the endpoint");
    const QString name = service == QLatin1String("appwrite") ? QStringLiteral("Appwrite")
                         : service == QLatin1String("graphy") ? QStringLiteral("Graphy")
                                                              : service;
    return QStringLiteral("the %1 endpoint").arg(name);
}

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

ServiceError ServiceChannel::makeError(const std::shared_ptr<Call> &call, ServiceError::Kind kind,
                                       const QString &type, const QString &message) const
{
    ServiceError error;
    error.kind = kind;
    error.service = m_settings.service;
    error.operation = call->spec.operation;
    error.type = type;
    error.message = SecretRedactor::redact(message);
    error.attempts = call->attempts;
    error.detail =
        QString::fromLatin1(call->spec.method) + QLatin1Char(' ') + SecretRedactor::redactUrl(call->spec.url);
    return error;
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
                                     QStringLiteral("%1 is failing; requests paused for %2 s")
                                         .arg(m_settings.service)
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

bool ServiceChannel::followRedirect(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray location = reply->rawHeader("Location");
    if (status < 300 || status >= 400 || status == 304 || location.isEmpty() || call->aborted ||
        call->timedOut || call->tooLarge)
        return false;
    const QUrl to = call->url.resolved(QUrl::fromEncoded(location));
    // Only a read may follow, only on the configured host, scheme and port (the key goes with it),
    // and only a few times. A write is never re-sent: the caller would take the answer for
    // "written". Anything else ends in buildResult's redirect error, which names the target.
    if (!isRead(call->spec) || !sameOrigin(to, call->spec.url) || call->redirects >= kMaxRedirects)
        return false;
    ++call->redirects;
    call->url = to;
    return true;
}

ServiceError ServiceChannel::redirectError(const std::shared_ptr<Call> &call, int status,
                                           const QUrl &target) const
{
    const QString where = SecretRedactor::redact(target.toString(QUrl::RemoveUserInfo));
    const QString endpoint = endpointName(m_settings.service);
    QString message;
    if (target.isEmpty())
        message = QStringLiteral("%1 answered HTTP %2 without saying where to: check the endpoint")
                      .arg(endpoint)
                      .arg(status);
    else if (!sameOrigin(target, call->spec.url))
        message = QStringLiteral("%1 redirects to %2, another host or scheme, which is never sent the key: "
                                 "update the endpoint")
                      .arg(endpoint, where);
    else if (!isRead(call->spec))
        message = QStringLiteral("%1 redirects this %2 to %3; a write is never re-sent to a redirect: update "
                                 "the endpoint")
                      .arg(endpoint, QString::fromLatin1(call->spec.method), where);
    else
        message = QStringLiteral("%1 redirects more than %2 times (last to %3): check the endpoint")
                      .arg(endpoint)
                      .arg(kMaxRedirects)
                      .arg(where);
    return makeError(call, ServiceError::Kind::Redirect, QStringLiteral("redirect_refused"), message);
}

HttpResult ServiceChannel::buildResult(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    HttpResult result;
    result.attempts = call->attempts;
    result.latencyMs = nowMs() - call->sentAtMs;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.insert(pair.first.toLower(), pair.second);
    noteServerClock(result.header("date"));
    if (reply->isOpen()) // an aborted reply is closed; reading it only makes Qt warn
        result.body = reply->readAll();

    using Kind = ServiceError::Kind;
    // Service, operation and request line are filled even for a success, so a later shape check
    // of the body can report where it failed.
    result.error = makeError(call, Kind::None, QString(), QString());
    const QString snippet =
        SecretRedactor::redact(QString::fromUtf8(result.body.left(kSnippetChars + kRedactionMarginChars)))
            .left(kSnippetChars);
    if (call->aborted) {
        result.error =
            makeError(call, Kind::Aborted, QStringLiteral("aborted"), QStringLiteral("request cancelled"));
    } else if (call->timedOut) {
        const qint64 timeoutMs = call->spec.timeoutMs > 0 ? call->spec.timeoutMs : m_settings.timeoutMs;
        result.error = makeError(call, Kind::Timeout, QStringLiteral("timeout"),
                                 QStringLiteral("no complete answer within %1 ms").arg(timeoutMs));
    } else if (call->tooLarge) {
        result.error =
            makeError(call, Kind::TooLarge, QStringLiteral("response_too_large"),
                      QStringLiteral("answer larger than %1 bytes").arg(m_settings.maxResponseBytes));
    } else if (result.status > 0 && result.status < 200) {
        result.error =
            makeError(call, Kind::Malformed, QStringLiteral("unexpected_status"),
                      QStringLiteral("answered HTTP %1, which is not a final answer").arg(result.status));
    } else if (result.status >= 300 && result.status < 400) {
        // A redirect followRedirect refused, or one without a Location: the answer is not the resource.
        const QByteArray location = result.header("location");
        result.error =
            redirectError(call, result.status,
                          location.isEmpty() ? QUrl() : call->url.resolved(QUrl::fromEncoded(location)));
    } else if (result.status >= 400) {
        result.error = makeError(call, Kind::Http, QString(), QString());
        result.error.httpStatus = result.status;
        if (m_errorParser)
            m_errorParser(result, result.error);
        result.error.type = SecretRedactor::redact(result.error.type);
        result.error.message = SecretRedactor::redact(result.error.message);
        if (result.error.type.isEmpty())
            result.error.type = QStringLiteral("http_%1").arg(result.status);
        if (result.error.message.isEmpty())
            result.error.message = SecretRedactor::redact(
                reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    } else if (reply->error() != QNetworkReply::NoError || result.status == 0) {
        // No status, or a status followed by a broken transfer (e.g. the connection closed early).
        const bool partial = result.status != 0;
        result.error =
            makeError(call, Kind::Network,
                      partial ? QStringLiteral("incomplete_response") : QStringLiteral("network_error"),
                      reply->errorString());
        result.error.httpStatus = result.status;
    }
    if (result.error.isError()) {
        result.error.httpStatus = result.status;
        result.error.detail += QStringLiteral(" -> %1").arg(result.status);
        if (!snippet.isEmpty())
            result.error.detail += QStringLiteral("\n") + snippet;
    }
    return result;
}

void ServiceChannel::noteServerClock(const QByteArray &date)
{
    if (date.isEmpty())
        return;
    if (date != m_lastDateHeader) {
        m_lastDateHeader = date;
        m_lastServerDate = QLocale::c().toDateTime(QString::fromLatin1(date.trimmed()),
                                                   QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        if (m_lastServerDate.isValid())
            m_lastServerDate.setTimeZone(QTimeZone::utc());
    }
    if (!m_lastServerDate.isValid())
        return;
    m_stats.serverClockOffsetMs = m_clock->now().msecsTo(m_lastServerDate);
    m_stats.hasServerClock = true;
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
    updateBreaker(result);
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

void ServiceChannel::updateBreaker(const HttpResult &result)
{
    const qint64 now = nowMs();
    if (!result.error.isError()) {
        m_breaker.recordSuccess();
        m_stats.lastSuccessAt = m_clock->now();
        m_stats.lastLatencyMs = result.latencyMs;
    } else if (result.error.isServiceFailure()) {
        m_breaker.recordFailure(now);
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
