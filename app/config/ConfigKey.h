#pragma once

#include <QList>
#include <QString>
#include <QVariant>
#include <functional>
#include <optional>

namespace cc {

// Every setting of the app. The table in ConfigKey.cpp gives each one its settings key,
// environment variable, type, default, secrecy and validator, in the style of KeePassXC's Config.
enum class ConfigKey {
    // Services (docs/ARCHITECTURE.md §11.1)
    AppwriteEndpoint,
    AppwriteProject,
    AppwriteApiKey,
    GraphyApiBase,
    GraphyApiKey,
    GraphyMerchantId,
    AppwriteDatabaseId,
    LearnersCollection,
    EventsCollection,
    RunsCollection,
    AppwriteApiFamily,
    DataDir,
    // Attribute names of the learners collection (docs/ARCHITECTURE.md §11.2; older deployments differ)
    AttributeStatus,
    AttributeEmail,
    AttributeName,
    AttributeCourseId,
    AttributeCompletionData,
    AttributeCompletedAt,
    AttributeLastCompletionCheck,
    // Runs
    BatchSize,
    Concurrency,
    GraphyRateLimit,
    AppwriteRateLimit,
    RunDeadlineSeconds,
    Schedule,
    StartJitterSeconds,
    RequestTimeoutMs,
    MaxRetries,
    HistoryMaxDays,
    HistoryMaxRows,
    // Desktop
    NotificationsEnabled,
    StartMinimized,
};

enum class ConfigValueType { Text, Url, Integer, Real, Boolean };

// Where a value came from, highest precedence last.
enum class ConfigSource { Default, Settings, Environment, CommandLine };
QString configSourceName(ConfigSource source);

struct ConfigKeySpec
{
    ConfigKey key;
    QString settingsKey; // e.g. "appwrite/endpoint"; also the key's stable name
    QString envVar;      // empty when the setting has no environment variable
    ConfigValueType type;
    QVariant defaultValue;
    bool secret = false; // never saved to QSettings, never shown
    // The reason a value is unacceptable, or an empty string. Given the typed value.
    std::function<QString(const QVariant &)> validator;
    QString description; // one line for --help and diagnostics
};

const QList<ConfigKeySpec> &configKeySpecs();
const ConfigKeySpec &configKeySpec(ConfigKey key);
// By settings key ("batch/size") or environment variable ("APPWRITE_ENDPOINT").
std::optional<ConfigKey> configKeyFromName(const QString &name);
// "APPWRITE_ENDPOINT (settings key appwrite/endpoint)": how errors name a setting.
QString configKeyLabel(ConfigKey key);

// Parses text from the environment, a settings file or the command line into the key's type.
// Returns an invalid QVariant and sets *why when the text does not fit the type.
QVariant parseConfigValue(ConfigKey key, const QString &text, QString *why);

} // namespace cc
