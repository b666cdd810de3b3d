#include "ConfigLoader.h"

#include "PlainIniFormat.h"

#include <QSettings>

namespace cc {

namespace {
// Qt's INI syntax reads an unquoted comma as a list ("0 9,17 * * *" is two items): the text again.
QString settingsText(const QVariant &value)
{
    const int type = value.metaType().id();
    if (type == QMetaType::QStringList || type == QMetaType::QVariantList)
        return value.toStringList().join(QLatin1Char(','));
    return value.toString();
}

bool isPlainIni(const QSettings &settings)
{
    return settings.format() == PlainIniFormat::format();
}
} // namespace

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
    m_settingsFileError.clear();
    if (m_settings && isPlainIni(*m_settings) && m_settings->status() == QSettings::FormatError) {
        const QString why = PlainIniFormat::problem(m_settings->fileName());
        m_settingsFileError =
            QStringLiteral("The settings file %1 cannot be read: %2. None of its values are used; fix or "
                           "remove it.")
                .arg(m_settings->fileName(), why.isEmpty() ? QStringLiteral("it has a format error") : why);
    }
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
                text = settingsText(m_settings->value(spec.settingsKey));
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

QString ConfigLoader::save(const AppConfig &config, QSettings &settings)
{
    if (isPlainIni(settings)) {
        const QString why = PlainIniFormat::problem(settings.fileName());
        if (!why.isEmpty())
            return QStringLiteral("The settings file %1 was not changed: it cannot be read (%2). Fix or "
                                  "remove it, then save again.")
                .arg(settings.fileName(), why);
    }
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
    if (settings.status() == QSettings::AccessError)
        return QStringLiteral("The settings file %1 could not be written.").arg(settings.fileName());
    return QString();
}

} // namespace cc
