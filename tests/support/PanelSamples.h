#pragma once
// Realistic value types for the panel tests and screenshots: runs, errors in a few causes, and
// health reports, built by hand the way the worker would send them.

#include "base/ErrorEntry.h"
#include "base/HealthReport.h"
#include "base/RunRecord.h"

#include <QList>

namespace samples {

cc::RunRecord run(qint64 id, const QDateTime &startedAt, cc::RunState state, int processed, int completed,
                  int errors);
// `count` runs, 15 minutes apart, the newest starting at `newest`; finished, partial, failed and
// skipped ones among them, and the figures a real run would have.
QList<cc::RunRecord> runs(int count, const QDateTime &newest);

cc::ErrorEntry error(qint64 id, const QDateTime &at, const QString &service, const QString &errorType,
                     const QString &learnerId, int httpStatus = 500);
// `count` errors spread over the causes graphy/general_server_error, appwrite/document_invalid_structure
// and graphy/timeout (in that proportion: half, a third, the rest), newest at `newest`, newest first.
QList<cc::ErrorEntry> errors(int count, const QDateTime &newest);

// Appwrite fine, Graphy unreachable, two schema problems.
cc::HealthReport failingHealth(const QDateTime &at);
cc::HealthReport healthyHealth(const QDateTime &at);

} // namespace samples
