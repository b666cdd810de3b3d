#include "ConfigKey.h"

#include "ConfigRules.h"

namespace cc {

using namespace configrules;

namespace {
ConfigKeySpec spec(ConfigKey key, const char *settingsKey, const char *envVar, ConfigValueType type,
                   QVariant defaultValue, Rule validator, const char *description, bool secret = false)
{
    return ConfigKeySpec{
        key,    QLatin1String(settingsKey), QLatin1String(envVar),     type, std::move(defaultValue),
        secret, std::move(validator),       QLatin1String(description)};
}

QList<ConfigKeySpec> buildSpecs()
{
    using K = ConfigKey;
    using T = ConfigValueType;
    const QString none;
    return {
        spec(K::AppwriteEndpoint, "appwrite/endpoint", "APPWRITE_ENDPOINT", T::Url, none, serviceUrl(true),
             "Appwrite API endpoint, e.g. https://cloud.appwrite.io/v1"),
        spec(K::AppwriteProject, "appwrite/project", "APPWRITE_PROJECT", T::Text, none, requiredText(),
             "Appwrite project ID"),
        spec(K::AppwriteApiKey, "appwrite/apiKey", "APPWRITE_API_KEY", T::Text, none, requiredSecret(),
             "Appwrite API key (secret)", true),
        spec(K::GraphyApiBase, "graphy/apiBase", "GRAPHY_API_BASE", T::Url,
             QStringLiteral("https://api.ongraphy.com"), serviceUrl(true), "Graphy API base URL"),
        spec(K::GraphyApiKey, "graphy/apiKey", "GRAPHY_API_KEY", T::Text, none, requiredSecret(),
             "Graphy API key (secret)", true),
        spec(K::GraphyMerchantId, "graphy/merchantId", "GRAPHY_MERCHANT_ID", T::Text, none, requiredText(),
             "Graphy merchant ID (mid)"),
        spec(K::AppwriteDatabaseId, "appwrite/databaseId", "APPWRITE_DATABASE_ID", T::Text,
             QStringLiteral("main"), appwriteKey(), "Appwrite database ID"),
        spec(K::LearnersCollection, "appwrite/learnersCollection", "APPWRITE_LEARNERS_COLLECTION", T::Text,
             QStringLiteral("learners"), appwriteKey(), "Appwrite collection of learners"),
        spec(K::EventsCollection, "appwrite/eventsCollection", "APPWRITE_EVENTS_COLLECTION", T::Text,
             QStringLiteral("webhook_events"), appwriteKey(), "Appwrite collection of certificate events"),
        spec(K::RunsCollection, "appwrite/runsCollection", "APPWRITE_RUNS_COLLECTION", T::Text,
             QStringLiteral("checker_runs"), appwriteKey(), "Appwrite collection of the shared run ledger"),
        spec(K::AppwriteApiFamily, "appwrite/api", "APPWRITE_API", T::Text, QStringLiteral("auto"),
             oneOf({QStringLiteral("auto"), QStringLiteral("tablesdb"), QStringLiteral("documents")}),
             "Appwrite API: auto (TablesDB, documents before 1.8), tablesdb or documents"),
        spec(K::DataDir, "storage/dataDir", "COMPLETION_CHECKER_DATA_DIR", T::Text, none, anything(),
             "Directory of the local database and logs (empty: the app data directory)"),

        spec(K::AttributeStatus, "attributes/status", "COMPLETION_CHECKER_ATTR_STATUS", T::Text,
             QStringLiteral("status"), appwriteKey(), "Learner attribute holding enrolled/completed"),
        spec(K::AttributeEmail, "attributes/email", "COMPLETION_CHECKER_ATTR_EMAIL", T::Text,
             QStringLiteral("email"), appwriteKey(), "Learner attribute holding the e-mail"),
        spec(K::AttributeName, "attributes/name", "COMPLETION_CHECKER_ATTR_NAME", T::Text,
             QStringLiteral("name"), appwriteKey(), "Learner attribute holding the name"),
        spec(K::AttributeCourseId, "attributes/courseId", "COMPLETION_CHECKER_ATTR_COURSE_ID", T::Text,
             QStringLiteral("course_id"), appwriteKey(), "Learner attribute holding the Graphy course ID"),
        spec(K::AttributeCompletionData, "attributes/completionData",
             "COMPLETION_CHECKER_ATTR_COMPLETION_DATA", T::Text, QStringLiteral("completion_data"),
             appwriteKey(), "Learner attribute receiving the completion digest"),
        spec(K::AttributeCompletedAt, "attributes/completedAt", "COMPLETION_CHECKER_ATTR_COMPLETED_AT",
             T::Text, QStringLiteral("completed_at"), appwriteKey(),
             "Learner attribute receiving the completion time"),
        spec(K::AttributeLastCompletionCheck, "attributes/lastCompletionCheck",
             "COMPLETION_CHECKER_ATTR_LAST_COMPLETION_CHECK", T::Text,
             QStringLiteral("last_completion_check"), appwriteKey(),
             "Learner attribute receiving the time of the last check"),

        // Appwrite pages hold at most 100 documents.
        spec(K::BatchSize, "checker/batchSize", "COMPLETION_CHECKER_BATCH_SIZE", T::Integer, 50,
             integerRange(1, 100), "Learners listed per Appwrite page (1-100)"),
        spec(K::Concurrency, "checker/concurrency", "COMPLETION_CHECKER_CONCURRENCY", T::Integer, 16,
             integerRange(1, 32), "Learners checked at the same time (1-32)"),
        spec(K::GraphyRateLimit, "graphy/rateLimit", "COMPLETION_CHECKER_GRAPHY_RATE_LIMIT", T::Text,
             QStringLiteral("auto"), rateLimit(),
             "Graphy requests per second: auto (find the service's pace, at most 1000/s) or a fixed cap"),
        spec(K::AppwriteRateLimit, "appwrite/rateLimit", "COMPLETION_CHECKER_APPWRITE_RATE_LIMIT", T::Text,
             QStringLiteral("auto"), rateLimit(),
             "Appwrite requests per second: auto (find the service's pace, at most 1000/s) or a fixed cap"),
        spec(K::RunDeadlineSeconds, "checker/runDeadlineSeconds", "COMPLETION_CHECKER_RUN_DEADLINE",
             T::Integer, 300, integerRange(10, 86400), "Seconds after which a run stops taking new learners"),
        spec(K::Schedule, "checker/schedule", "COMPLETION_CHECKER_SCHEDULE", T::Text,
             QStringLiteral("*/15 * * * *"), requiredText(), "Cron expression of scheduled runs"),
        spec(K::StartJitterSeconds, "checker/startJitterSeconds", "COMPLETION_CHECKER_START_JITTER",
             T::Integer, 0, integerRange(0, 3600), "Random delay, in seconds, before a scheduled run"),
        spec(K::RequestTimeoutMs, "network/requestTimeoutMs", "COMPLETION_CHECKER_REQUEST_TIMEOUT_MS",
             T::Integer, 30000, integerRange(1000, 600000), "Timeout of one HTTP request, in milliseconds"),
        spec(K::MaxRetries, "network/maxRetries", "COMPLETION_CHECKER_MAX_RETRIES", T::Integer, 3,
             integerRange(0, 10), "Retries of a failed request"),
        spec(K::HistoryMaxDays, "history/maxDays", "COMPLETION_CHECKER_HISTORY_DAYS", T::Integer, 90,
             integerRange(1, 3650), "Days of check history kept"),
        spec(K::HistoryMaxRows, "history/maxRows", "COMPLETION_CHECKER_HISTORY_ROWS", T::Integer, 200000,
             integerRange(1000, 100000000), "Rows of check history kept"),

        spec(K::NotificationsEnabled, "desktop/notifications", "", T::Boolean, true, anything(),
             "Show desktop notifications"),
        spec(K::StartMinimized, "desktop/startMinimized", "", T::Boolean, false, anything(),
             "Start in the tray without opening the window"),
    };
}
} // namespace

QString configSourceName(ConfigSource source)
{
    switch (source) {
    case ConfigSource::Default:
        return QStringLiteral("default");
    case ConfigSource::Settings:
        return QStringLiteral("settings");
    case ConfigSource::Environment:
        return QStringLiteral("environment");
    case ConfigSource::CommandLine:
        return QStringLiteral("command line");
    }
    return {};
}

const QList<ConfigKeySpec> &configKeySpecs()
{
    static const QList<ConfigKeySpec> specs = buildSpecs();
    return specs;
}

const ConfigKeySpec &configKeySpec(ConfigKey key)
{
    // The table lists the keys in enum order (checked by the tests).
    return configKeySpecs().at(static_cast<int>(key));
}

std::optional<ConfigKey> configKeyFromName(const QString &name)
{
    for (const ConfigKeySpec &s : configKeySpecs()) {
        if (s.settingsKey.compare(name, Qt::CaseInsensitive) == 0 ||
            (!s.envVar.isEmpty() && s.envVar == name))
            return s.key;
    }
    return std::nullopt;
}

QString configKeyLabel(ConfigKey key)
{
    const ConfigKeySpec &s = configKeySpec(key);
    if (s.envVar.isEmpty())
        return QStringLiteral("settings key %1").arg(s.settingsKey);
    return QStringLiteral("%1 (settings key %2)").arg(s.envVar, s.settingsKey);
}

QVariant parseConfigValue(ConfigKey key, const QString &rawText, QString *why)
{
    const QString text = rawText.trimmed();
    switch (configKeySpec(key).type) {
    case ConfigValueType::Text:
    case ConfigValueType::Url:
        return text;
    case ConfigValueType::Integer: {
        bool ok = false;
        const int value = text.toInt(&ok);
        if (ok)
            return value;
        if (why)
            *why = QStringLiteral("is not a whole number (\"%1\")").arg(text);
        return {};
    }
    case ConfigValueType::Real: {
        bool ok = false;
        const double value = text.toDouble(&ok);
        if (ok)
            return value;
        if (why)
            *why = QStringLiteral("is not a number (\"%1\")").arg(text);
        return {};
    }
    case ConfigValueType::Boolean: {
        const QString lower = text.toLower();
        for (const char *yes : {"1", "true", "yes", "on"}) {
            if (lower == QLatin1String(yes))
                return true;
        }
        for (const char *no : {"0", "false", "no", "off"}) {
            if (lower == QLatin1String(no))
                return false;
        }
        if (why)
            *why = QStringLiteral("is not true or false (\"%1\")").arg(text);
        return {};
    }
    }
    return {};
}

} // namespace cc
