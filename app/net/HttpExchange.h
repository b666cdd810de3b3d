#pragma once

#include "ServiceError.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace cc {

// What to send. `retryable` marks requests that are safe to send again (GET, PATCH of the same
// data, a create with a deterministic ID where a repeat answers 409).
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
