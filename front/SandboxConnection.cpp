#include "SandboxConnection.h"

#include "SandboxHost.h"

namespace cc {

QHash<ConfigKey, QString> SandboxConnection::overrides(const sandbox::SandboxHost &host)
{
    const sandbox::SandboxOptions &o = host.options();
    return {
        {ConfigKey::AppwriteEndpoint, host.appwriteEndpoint().toString()},
        {ConfigKey::AppwriteProject, o.projectId},
        {ConfigKey::AppwriteApiKey, o.apiKey},
        {ConfigKey::AppwriteDatabaseId, o.databaseId},
        {ConfigKey::GraphyApiBase, host.graphyBase().toString()},
        {ConfigKey::GraphyApiKey, o.graphyKey},
        {ConfigKey::GraphyMerchantId, o.graphyMid},
        {ConfigKey::GraphyRateLimit, QStringLiteral("200")},
        {ConfigKey::AppwriteRateLimit, QStringLiteral("500")},
    };
}

AppConfig SandboxConnection::applied(AppConfig config, const sandbox::SandboxHost &host)
{
    const QHash<ConfigKey, QString> values = overrides(host);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (isRateLimit(it.key()) && config.sourceOf(it.key()) == ConfigSource::CommandLine)
            continue;
        config.setValue(it.key(), it.value());
    }
    return config;
}

bool SandboxConnection::isRateLimit(ConfigKey key)
{
    return key == ConfigKey::GraphyRateLimit || key == ConfigKey::AppwriteRateLimit;
}

} // namespace cc
