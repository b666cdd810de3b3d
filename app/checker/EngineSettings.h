#pragma once

#include "config/LearnerAttributes.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"

#include <QMetaType>
#include <QString>

namespace cc {

// Everything the checker engine needs, resolved and validated (see config/).
struct EngineSettings
{
    AppwriteSettings appwrite;
    GraphySettings graphy;
    QString learnersCollection = QStringLiteral("learners");
    QString eventsCollection = QStringLiteral("webhook_events");
    QString runsCollection = QStringLiteral("checker_runs"); // the shared run ledger
    LearnerAttributes attributes;
    // Values of the status attribute (docs/ARCHITECTURE.md §11.2).
    QString enrolledValue = QStringLiteral("enrolled");
    QString completedValue = QStringLiteral("completed");

    int batchSize = 50;   // Appwrite page size
    int concurrency = 16; // learners in flight; the adaptive rate sets the pace
    // Requests per second: a fixed cap, or with *RateAdaptive the ceiling of the pace found (0: none).
    double graphyRatePerSecond = 5;
    double appwriteRatePerSecond = 20;
    bool graphyRateAdaptive = false;
    bool appwriteRateAdaptive = false;
    // Adaptive: where to start, e.g. the pace found last run (0: the moderate default).
    double graphyStartRate = 0;
    double appwriteStartRate = 0;
    qint64 runDeadlineMs = 5 * 60 * 1000;
    qint64 requestTimeoutMs = 30000;
    int maxAttempts = 4; // first try + retries
    qint64 retryBaseDelayMs = 250;
    qint64 maxServerWaitMs = 60000;
    int breakerFailureThreshold = 5;
    qint64 breakerOpenMs = 30000;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::EngineSettings)
