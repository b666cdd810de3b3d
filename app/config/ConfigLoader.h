#pragma once

#include "AppConfig.h"
#include "ConfigKey.h"

#include <QHash>
#include <QProcessEnvironment>
#include <QStringList>

class QSettings;

namespace cc {

// Builds an AppConfig from its layers, highest precedence first: command-line overrides, the
// environment, QSettings, the defaults (docs/ARCHITECTURE.md §11.1). Every layer is injected, so tests use a
// made-up environment and an ini file. The app opens its settings with PlainIniFormat, which reads
// every value as text and refuses a hostile file instead of deserializing it. Secrets are read only from the
// command line and the environment: one found in the settings file is ignored (with a warning), since keys
// must never live there (docs/ARCHITECTURE.md §5.9).
class ConfigLoader
{
public:
    // `settings` may be null (no settings layer); it is only read during load().
    explicit ConfigLoader(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                          QSettings *settings = nullptr);

    // Values from command-line options (the CLI front parses them), as text.
    void setOverride(ConfigKey key, const QString &value);
    void setOverrides(const QHash<ConfigKey, QString> &overrides);

    AppConfig load();
    // Things worth telling the operator that do not stop the app (e.g. an ignored secret).
    QStringList warnings() const { return m_warnings; }
    // Set by load() when the settings are in PlainIniFormat and the file was refused (too large, a
    // line too long, not UTF-8, a Qt @Variant value...): a sentence naming the file and the line. None
    // of the file's values were used; the CLI stops on it.
    QString settingsFileError() const { return m_settingsFileError; }

    // Writes the non-secret values whose source is the settings file or the defaults (values
    // from the environment or the command line would shadow them anyway, and belong to the
    // deployment). Values equal to their default are removed, so defaults can evolve. Secret keys
    // are never written, and removed if someone put them there by hand. Returns why the file was not
    // written (empty when it was): a PlainIniFormat file that cannot be read is left as it is.
    static QString save(const AppConfig &config, QSettings &settings);

private:
    QProcessEnvironment m_environment;
    QSettings *m_settings;
    QHash<ConfigKey, QString> m_overrides;
    QStringList m_warnings;
    QString m_settingsFileError;
};

} // namespace cc
