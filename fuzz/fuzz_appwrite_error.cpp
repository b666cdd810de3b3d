// An Appwrite error answer ({"message", "code", "type"}, or whatever a proxy sends instead) as the
// channel reads it for a status >= 400: AppwriteClient::parseErrorBody, then the channel's redaction
// and defaults, then the ErrorEntry the operator sees. Also the first line as the Retry-After and
// X-RateLimit-Reset headers that come with a 429.
#include "FuzzSupport.h"

#include "base/ErrorEntry.h"
#include "net/AppwriteClient.h"
#include "net/RetryPolicy.h"
#include "net/SecretRedactor.h"

#include <QDateTime>

using namespace cc;

namespace {
void readError(const QByteArray &body, int status, const QByteArray &contentType)
{
    HttpResult result;
    result.status = status;
    if (!contentType.isEmpty())
        result.headers.insert("content-type", contentType);
    result.body = body;
    result.error.kind = ServiceError::Kind::Http;
    result.error.service = QStringLiteral("appwrite");
    result.error.httpStatus = status;
    // What ServiceChannel::buildResult does with a status >= 400.
    AppwriteClient::parseErrorBody(result, result.error);
    result.error.type = SecretRedactor::redact(result.error.type);
    result.error.message = SecretRedactor::redact(result.error.message);
    if (result.error.type.isEmpty())
        result.error.type = QStringLiteral("http_%1").arg(status);
    result.error.detail = SecretRedactor::redact(QString::fromUtf8(result.body.left(300 + 200))).left(300);
    CC_FUZZ_CHECK(!result.error.message.contains(QLatin1String("fuzz-secret-value")));
    static const QDateTime at = QDateTime::fromSecsSinceEpoch(1763712000, Qt::UTC);
    const ErrorEntry entry = ErrorEntry::fromServiceError(result.error, at, 1, QStringLiteral("learner-1"),
                                                          QStringLiteral("retried next run"));
    (void)entry.causeKey();
    (void)entry.isAuthFailure();
    (void)entry.isConfigurationFailure();
    (void)entry.isUnavailable();
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::quietQt();
    // A secret the redactor knows: the fuzzer may put it into a message; it must never come out.
    SecretRedactor::registerSecret(QStringLiteral("fuzz-secret-value"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = fuzz::bytes(data, size);
    readError(body, 409, "application/json; charset=utf-8");
    readError(body, 401, "text/html");
    readError(body, 503, QByteArray());

    static const QDateTime now = QDateTime::fromSecsSinceEpoch(1763712000, Qt::UTC);
    const QByteArray header = body.left(body.indexOf('\n') >= 0 ? body.indexOf('\n') : 128);
    if (const auto ms = RetryPolicy::parseRetryAfterMs(header, now))
        CC_FUZZ_CHECK(*ms >= 0 && *ms <= RetryPolicy::kMaxServerWaitSeconds * 1000);
    if (const auto ms = RetryPolicy::parseRateLimitResetMs(header, now))
        CC_FUZZ_CHECK(*ms >= 0 && *ms <= RetryPolicy::kMaxServerWaitSeconds * 1000);
    return 0;
}
