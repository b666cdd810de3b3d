#pragma once

#include "base/ServiceError.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace cc {

// What to send. `retryable` marks requests that are safe to send again (GET, PATCH of the same
// data, a create with a deterministic ID where a repeat answers 409).
// Limit: `retryable = false` stops only the channel's own retries. Qt's HTTP/1.1 layer itself
// resends a request (any method) when a connection closes before any answer arrives, and offers
// no switch to turn that off; the tests in tests/net document it. Non-idempotent calls
// (function executions, creates with "unique()") must therefore be safe to repeat at the
// application level; the checker's own writes are (deterministic IDs, PATCH).
struct HttpRequestSpec
{
    QByteArray method = "GET";
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString operation;
    bool retryable = true;
    qint64 timeoutMs = -1; // -1: the channel's default
};

// What came back, after retries. `error.kind == None` means a 2xx answer.
struct HttpResult
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    qint64 latencyMs = 0;                  // of the last attempt
    int attempts = 0;
    ServiceError error;

    bool ok() const { return !error.isError(); }
    QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
};

} // namespace cc
