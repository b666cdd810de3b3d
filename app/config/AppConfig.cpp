#include "AppConfig.h"

#include <QStringList>
#include <QUrl>
#include <algorithm>

namespace cc {

QVariant AppConfig::value(ConfigKey key) const
{
    using K = ConfigKey;
    switch (key) {
    case K::AppwriteEndpoint:
        return appwriteEndpoint;
    case K::AppwriteProject:
        return appwriteProject;
    case K::AppwriteApiKey:
        return appwriteApiKey;
    case K::GraphyApiBase:
        return graphyApiBase;
    case K::GraphyApiKey:
        return graphyApiKey;
    case K::GraphyMerchantId:
        return graphyMerchantId;
    case K::AppwriteDatabaseId:
        return appwriteDatabaseId;
    case K::LearnersCollection:
        return learnersCollection;
    case K::AppwriteApiFamily:
        return appwriteApi;
    case K::RunsCollection:
        return runsCollection;
    case K::EventsCollection:
        return eventsCollection;
    case K::DataDir:
        return dataDir;
    case K::AttributeStatus:
        return attributes.status;
    case K::AttributeEmail:
        return attributes.email;
    case K::AttributeName:
        return attributes.name;
    case K::AttributeCourseId:
        return attributes.courseId;
    case K::AttributeCompletionData:
        return attributes.completionData;
    case K::AttributeCompletedAt:
        return attributes.completedAt;
    case K::AttributeLastCompletionCheck:
        return attributes.lastCompletionCheck;
    case K::BatchSize:
        return batchSize;
    case K::Concurrency:
        return concurrency;
    case K::GraphyRateLimit:
        return graphyRateLimit;
    case K::AppwriteRateLimit:
        return appwriteRateLimit;
    case K::RunDeadlineSeconds:
        return runDeadlineSeconds;
    case K::Schedule:
        return schedule;
    case K::StartJitterSeconds:
        return startJitterSeconds;
    case K::RequestTimeoutMs:
        return requestTimeoutMs;
    case K::MaxRetries:
        return maxRetries;
    case K::HistoryMaxDays:
        return historyMaxDays;
    case K::HistoryMaxRows:
        return historyMaxRows;
    case K::NotificationsEnabled:
        return notificationsEnabled;
    case K::StartMinimized:
        return startMinimized;
    }
    return {};
}

void AppConfig::setValue(ConfigKey key, const QVariant &v)
{
    using K = ConfigKey;
    switch (key) {
    case K::AppwriteEndpoint:
        appwriteEndpoint = v.toString();
        break;
    case K::AppwriteProject:
        appwriteProject = v.toString();
        break;
    case K::AppwriteApiKey:
        appwriteApiKey = v.toString();
        break;
    case K::GraphyApiBase:
        graphyApiBase = v.toString();
        break;
    case K::GraphyApiKey:
        graphyApiKey = v.toString();
        break;
    case K::GraphyMerchantId:
        graphyMerchantId = v.toString();
        break;
    case K::AppwriteDatabaseId:
        appwriteDatabaseId = v.toString();
        break;
    case K::LearnersCollection:
        learnersCollection = v.toString();
        break;
    case K::AppwriteApiFamily:
        appwriteApi = v.toString().trimmed().toLower();
        break;
    case K::RunsCollection:
        runsCollection = v.toString();
        break;
    case K::EventsCollection:
        eventsCollection = v.toString();
        break;
    case K::DataDir:
        dataDir = v.toString();
        break;
    case K::AttributeStatus:
        attributes.status = v.toString();
        break;
    case K::AttributeEmail:
        attributes.email = v.toString();
        break;
    case K::AttributeName:
        attributes.name = v.toString();
        break;
    case K::AttributeCourseId:
        attributes.courseId = v.toString();
        break;
    case K::AttributeCompletionData:
        attributes.completionData = v.toString();
        break;
    case K::AttributeCompletedAt:
        attributes.completedAt = v.toString();
        break;
    case K::AttributeLastCompletionCheck:
        attributes.lastCompletionCheck = v.toString();
        break;
    case K::BatchSize:
        batchSize = v.toInt();
        break;
    case K::Concurrency:
        concurrency = v.toInt();
        break;
    case K::GraphyRateLimit:
        graphyRateLimit = v.toString();
        break;
    case K::AppwriteRateLimit:
        appwriteRateLimit = v.toString();
        break;
    case K::RunDeadlineSeconds:
        runDeadlineSeconds = v.toInt();
        break;
    case K::Schedule:
        schedule = v.toString();
        break;
    case K::StartJitterSeconds:
        startJitterSeconds = v.toInt();
        break;
    case K::RequestTimeoutMs:
        requestTimeoutMs = v.toInt();
        break;
    case K::MaxRetries:
        maxRetries = v.toInt();
        break;
    case K::HistoryMaxDays:
        historyMaxDays = v.toInt();
        break;
    case K::HistoryMaxRows:
        historyMaxRows = v.toInt();
        break;
    case K::NotificationsEnabled:
        notificationsEnabled = v.toBool();
        break;
    case K::StartMinimized:
        startMinimized = v.toBool();
        break;
    }
}

bool AppConfig::isSet(ConfigKey key) const
{
    const QVariant v = value(key);
    return v.typeId() != QMetaType::QString || !v.toString().isEmpty();
}

QList<ConfigError> AppConfig::validate() const
{
    QList<ConfigError> errors = loadErrors;
    auto hasLoadError = [&](ConfigKey key) {
        return std::any_of(loadErrors.cbegin(), loadErrors.cend(),
                           [key](const ConfigError &e) { return e.key == key; });
    };
    for (const ConfigKeySpec &spec : configKeySpecs()) {
        if (hasLoadError(spec.key))
            continue; // the unreadable text was already reported; the default in its place is fine
        const QString why = spec.validator ? spec.validator(value(spec.key)) : QString();
        if (!why.isEmpty())
            errors.append({spec.key, spec.settingsKey,
                           configKeyLabel(spec.key) + QLatin1Char(' ') + why + QLatin1Char('.')});
    }
    // Two attributes mapped to one name would make the checker overwrite its own data.
    const QList<ConfigKey> attributeKeys{ConfigKey::AttributeStatus,
                                         ConfigKey::AttributeEmail,
                                         ConfigKey::AttributeName,
                                         ConfigKey::AttributeCourseId,
                                         ConfigKey::AttributeCompletionData,
                                         ConfigKey::AttributeCompletedAt,
                                         ConfigKey::AttributeLastCompletionCheck};
    for (int i = 0; i < attributeKeys.size(); ++i) {
        for (int j = 0; j < i; ++j) {
            const QString name = value(attributeKeys[i]).toString();
            if (!name.isEmpty() && name == value(attributeKeys[j]).toString()) {
                const ConfigKeySpec &spec = configKeySpec(attributeKeys[i]);
                errors.append(
                    {spec.key, spec.settingsKey,
                     QStringLiteral("%1 names the attribute \"%2\", already used by %3.")
                         .arg(configKeyLabel(attributeKeys[i]), name, configKeyLabel(attributeKeys[j]))});
            }
        }
    }
    if (learnersCollection == eventsCollection && !learnersCollection.isEmpty()) {
        const ConfigKeySpec &spec = configKeySpec(ConfigKey::EventsCollection);
        errors.append(
            {spec.key, spec.settingsKey,
             QStringLiteral("%1 is the same collection as %2 (\"%3\"); events need their own collection.")
                 .arg(configKeyLabel(ConfigKey::EventsCollection),
                      configKeyLabel(ConfigKey::LearnersCollection), learnersCollection)});
    }
    return errors;
}

QString AppConfig::describe() const
{
    QStringList lines;
    for (const ConfigKeySpec &spec : configKeySpecs()) {
        const QVariant v = value(spec.key);
        QString shown;
        if (spec.secret) {
            shown = v.toString().isEmpty() ? QStringLiteral("(not set)") : QStringLiteral("•••• (set)");
        } else if (spec.type == ConfigValueType::Url) {
            shown = QUrl(v.toString()).toString(QUrl::RemoveUserInfo);
        } else if (spec.type == ConfigValueType::Boolean) {
            shown = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        } else {
            shown = v.toString();
            if (shown.isEmpty())
                shown = QStringLiteral("(not set)");
        }
        const QString name = spec.envVar.isEmpty() ? spec.settingsKey : spec.envVar;
        lines.append(QStringLiteral("%1 = %2  [%3]").arg(name, shown, configSourceName(sourceOf(spec.key))));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace cc
