#include "RedirectRule.h"
#include "SecretRedactor.h"
#include "ServiceChannelCall.h"
#include "base/Clock.h"

#include <QLocale>
#include <QTimeZone>

// How ServiceChannel reads an answer: a redirect it follows, or the HttpResult with its error.
namespace cc {

namespace {
constexpr int kSnippetChars = 300;
// Redaction runs over this much more than the snippet, so a secret that straddles the cut is still
// found whole and never half-shown.
constexpr int kRedactionMarginChars = 4096;
} // namespace

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

bool ServiceChannel::followRedirect(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray location = reply->rawHeader("Location");
    if (status < 300 || status >= 400 || status == 304 || location.isEmpty() || call->aborted ||
        call->timedOut || call->tooLarge)
        return false;
    const QUrl to = call->url.resolved(QUrl::fromEncoded(location));
    // The key goes with the request: see RedirectRule. Anything refused ends in buildResult's
    // redirect error, which names the target.
    if (!RedirectRule::mayFollow(call->spec.method, call->spec.url, to, call->redirects))
        return false;
    ++call->redirects;
    call->url = to;
    return true;
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
        const QUrl target = location.isEmpty() ? QUrl() : call->url.resolved(QUrl::fromEncoded(location));
        result.error = makeError(call, Kind::Redirect, QStringLiteral("redirect_refused"),
                                 RedirectRule::refusal(m_settings.service, call->spec.method, call->spec.url,
                                                       target, result.status));
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

QString ServiceChannel::failureCause(const std::shared_ptr<Call> &call, const HttpResult &result)
{
    const QUrl &url = call->url.isValid() ? call->url : call->spec.url;
    const QString where =
        url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
    QString what;
    if (result.error.kind == ServiceError::Kind::Http)
        what = QStringLiteral("HTTP %1").arg(result.status);
    else if (result.error.kind == ServiceError::Kind::Timeout)
        what = QStringLiteral("no answer in time");
    else
        what = result.error.message.isEmpty() ? result.error.type : result.error.message;
    if (what.size() > 1 && what[0].isUpper() && what[1].isLower())
        what[0] = what[0].toLower(); // "Connection refused" reads as part of the sentence; "HTTP" stays
    return SecretRedactor::redact(QStringLiteral("%1 at %2").arg(what, where));
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

} // namespace cc
