#include "ConfigLoader.h"

#include <QSettings>

namespace cc {

ConfigLoader::ConfigLoader(const QProcessEnvironment &environment, QSettings *settings)
    : m_environment(environment), m_settings(settings)
{}

void ConfigLoader::setOverride(ConfigKey key, const QString &value)
{
    m_overrides.insert(key, value);
}

void ConfigLoader::setOverrides(const QHash<ConfigKey, QString> &overrides)
{
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it)
        m_overrides.insert(it.key(), it.value());
}

AppConfig ConfigLoader::load()
{
    m_warnings.clear();
    AppConfig config;
    for (const ConfigKeySpec &spec : configKeySpecs()) {
        config.setValue(spec.key, spec.defaultValue);

        // The highest layer that has the key decides. An empty environment variable counts as
        // unset (shells and unit files often define them empty).
        std::optional<QString> text;
        ConfigSource source = ConfigSource::Default;
        if (m_overrides.contains(spec.key)) {
            text = m_overrides.value(spec.key);
            source = ConfigSource::CommandLine;
        } else if (!spec.envVar.isEmpty() && !m_environment.value(spec.envVar).isEmpty()) {
            text = m_environment.value(spec.envVar);
            source = ConfigSource::Environment;
        } else if (m_settings && m_settings->contains(spec.settingsKey)) {
            if (spec.secret) {
                m_warnings.append(
                    QStringLiteral("%1 is in the settings file %2 and is ignored: keys belong in "
                                   "the environment or the keychain, never in a settings file.")
                        .arg(configKeyLabel(spec.key), m_settings->fileName()));
            } else {
                text = m_settings->value(spec.settingsKey).toString();
                source = ConfigSource::Settings;
            }
        }
        if (!text)
            continue;

        QString why;
        const QVariant parsed = parseConfigValue(spec.key, *text, &why);
        config.sources.insert(spec.key, source);
        if (!parsed.isValid()) {
            config.loadErrors.append({spec.key, spec.settingsKey,
                                      QStringLiteral("%1 from the %2 %3.")
                                          .arg(configKeyLabel(spec.key), configSourceName(source), why)});
            continue;
        }
        config.setValue(spec.key, parsed);
    }
    return config;
}

void ConfigLoader::save(const AppConfig &config, QSettings &settings)
{
    for (const ConfigKeySpec &spec : configKeySpecs()) {
        if (spec.secret) {
            settings.remove(spec.settingsKey);
            continue;
        }
        const ConfigSource source = config.sourceOf(spec.key);
        if (source == ConfigSource::Environment || source == ConfigSource::CommandLine)
            continue;
        const QVariant value = config.value(spec.key);
        if (value == spec.defaultValue)
            settings.remove(spec.settingsKey);
        else
            settings.setValue(spec.settingsKey, value);
    }
    settings.sync();
}

} // namespace cc
