#pragma once

#include "ConfigError.h"
#include "ConfigKey.h"
#include "LearnerAttributes.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

namespace cc {

// The whole configuration, typed. Built by ConfigLoader from command line, environment, settings
// and defaults; the members start at the defaults of the key table.
struct AppConfig
{
    QString appwriteEndpoint;
    QString appwriteProject;
    QString appwriteApiKey; // secret
    QString graphyApiBase = QStringLiteral("https://api.ongraphy.com");
    QString graphyApiKey; // secret
    QString graphyMerchantId;
    QString appwriteDatabaseId = QStringLiteral("main");
    QString appwriteApi = QStringLiteral("auto"); // auto | tablesdb | documents
    QString runsCollection = QStringLiteral("checker_runs");
    QString learnersCollection = QStringLiteral("learners");
    QString eventsCollection = QStringLiteral("webhook_events");
    QString dataDir; // empty: the app data directory
    LearnerAttributes attributes;
    int batchSize = 50;
    int concurrency = 16;
    // "auto" or requests per second (RateLimitSetting)
    QString graphyRateLimit = QStringLiteral("auto");
    QString appwriteRateLimit = QStringLiteral("auto");
    int runDeadlineSeconds = 300;
    QString schedule = QStringLiteral("*/15 * * * *");
    int startJitterSeconds = 0;
    int requestTimeoutMs = 30000;
    int maxRetries = 3;
    int historyMaxDays = 90;
    int historyMaxRows = 200000;
    bool notificationsEnabled = true;
    bool startMinimized = false;

    // Where each value came from; keys not listed are defaults.
    QHash<ConfigKey, ConfigSource> sources;
    // Values that could not be read as their type (e.g. COMPLETION_CHECKER_BATCH_SIZE=abc). The
    // member keeps its default; validate() reports them so a typo is never silently ignored.
    QList<ConfigError> loadErrors;

    // Generic access by key, for the loader, diagnostics and settings dialogs.
    QVariant value(ConfigKey key) const;
    void setValue(ConfigKey key, const QVariant &value);
    ConfigSource sourceOf(ConfigKey key) const { return sources.value(key, ConfigSource::Default); }
    bool isSet(ConfigKey key) const;

    // Every problem, empty when the configuration is usable.
    QList<ConfigError> validate() const;
    // One line per key with its value and source, for --help and diagnostics. Secrets show as
    // "•••• (set)" or "(not set)"; URLs lose any user info.
    QString describe() const;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::AppConfig)
