// The typed configuration: the key table, layer precedence, validation, and keeping secrets out of
// every string and file the configuration produces.
#include "config/AppConfig.h"
#include "config/ConfigKey.h"
#include "config/ConfigLoader.h"
#include "config/PlainIniFormat.h"

#include <QFile>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace cc;

Q_DECLARE_METATYPE(cc::ConfigSource)

namespace {
const QString kAppwriteSecret = QStringLiteral("standard_0123456789abcdefSECRETAPPWRITE");
const QString kGraphySecret = QStringLiteral("graphy-SECRET-key-987654");

// An environment with everything required set, so each test changes one thing.
QProcessEnvironment validEnvironment()
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("APPWRITE_ENDPOINT"), QStringLiteral("https://cloud.appwrite.io/v1"));
    env.insert(QStringLiteral("APPWRITE_PROJECT"), QStringLiteral("project-1"));
    env.insert(QStringLiteral("APPWRITE_API_KEY"), kAppwriteSecret);
    env.insert(QStringLiteral("GRAPHY_API_KEY"), kGraphySecret);
    env.insert(QStringLiteral("GRAPHY_MERCHANT_ID"), QStringLiteral("merchant-1"));
    return env;
}

QStringList messages(const QList<ConfigError> &errors)
{
    QStringList list;
    for (const ConfigError &e : errors)
        list.append(e.message);
    return list;
}
} // namespace

class AppConfigTest : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void keyTableMatchesTheStruct()
    {
        const AppConfig defaults;
        QSet<QString> settingsKeys;
        QSet<QString> envVars;
        for (int i = 0; i < configKeySpecs().size(); ++i) {
            const ConfigKeySpec &spec = configKeySpecs().at(i);
            QCOMPARE(int(spec.key), i); // table in enum order
            QVERIFY2(defaults.value(spec.key) == spec.defaultValue, qPrintable(spec.settingsKey));
            QVERIFY(!settingsKeys.contains(spec.settingsKey));
            settingsKeys.insert(spec.settingsKey);
            if (!spec.envVar.isEmpty()) {
                QVERIFY(!envVars.contains(spec.envVar));
                envVars.insert(spec.envVar);
            }
            QCOMPARE(configKeyFromName(spec.settingsKey), spec.key);
            QVERIFY(spec.validator);
        }
        QCOMPARE(configKeySpecs().size(), int(ConfigKey::StartMinimized) + 1);
        QVERIFY(configKeySpec(ConfigKey::AppwriteApiKey).secret);
        QVERIFY(configKeySpec(ConfigKey::GraphyApiKey).secret);
        QCOMPARE(configKeyFromName(QStringLiteral("GRAPHY_MERCHANT_ID")), ConfigKey::GraphyMerchantId);
        QVERIFY(!configKeyFromName(QStringLiteral("nope")).has_value());
    }

    void defaults()
    {
        ConfigLoader loader{QProcessEnvironment()};
        const AppConfig config = loader.load();
        QCOMPARE(config.graphyApiBase, QStringLiteral("https://api.ongraphy.com"));
        QCOMPARE(config.appwriteDatabaseId, QStringLiteral("main"));
        QCOMPARE(config.learnersCollection, QStringLiteral("learners"));
        QCOMPARE(config.eventsCollection, QStringLiteral("webhook_events"));
        QCOMPARE(config.attributes, LearnerAttributes());
        QCOMPARE(config.attributes.lastCompletionCheck, QStringLiteral("last_completion_check"));
        QCOMPARE(config.batchSize, 50);
        QCOMPARE(config.concurrency, 16);
        QCOMPARE(config.graphyRateLimit, QStringLiteral("auto"));
        QCOMPARE(config.appwriteRateLimit, QStringLiteral("auto"));
        QCOMPARE(config.runDeadlineSeconds, 300);
        QCOMPARE(config.schedule, QStringLiteral("*/15 * * * *"));
        QCOMPARE(config.startJitterSeconds, 0);
        QCOMPARE(config.requestTimeoutMs, 30000);
        QCOMPARE(config.maxRetries, 3);
        QCOMPARE(config.historyMaxDays, 90);
        QCOMPARE(config.historyMaxRows, 200000);
        QVERIFY(config.notificationsEnabled);
        QVERIFY(!config.startMinimized);
        QVERIFY(config.sources.isEmpty());
        QCOMPARE(config.sourceOf(ConfigKey::BatchSize), ConfigSource::Default);
        // Only the five required service settings are missing.
        QCOMPARE(config.validate().size(), 5);
    }

    void precedence_data()
    {
        QTest::addColumn<QString>("key"); // settings key
        QTest::addColumn<QString>("commandLine");
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QString>("settings");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<ConfigSource>("source");
        const QString none; // null: the layer does not have the key
        const QString batch = QStringLiteral("checker/batchSize");
        QTest::addRow("default") << batch << none << none << none << "50" << ConfigSource::Default;
        QTest::addRow("settings") << batch << none << none << "10"
                                  << "10" << ConfigSource::Settings;
        QTest::addRow("env over settings") << batch << none << "20"
                                           << "10"
                                           << "20" << ConfigSource::Environment;
        QTest::addRow("cli over all") << batch << "30"
                                      << "20"
                                      << "10"
                                      << "30" << ConfigSource::CommandLine;
        QTest::addRow("cli over settings") << batch << "30" << none << "10"
                                           << "30" << ConfigSource::CommandLine;
        QTest::addRow("empty env is unset") << batch << none << ""
                                            << "10"
                                            << "10" << ConfigSource::Settings;
        QTest::addRow("env trimmed") << batch << none << " 42\n" << none << "42" << ConfigSource::Environment;
        const QString base = QStringLiteral("graphy/apiBase");
        QTest::addRow("url default") << base << none << none << none << "https://api.ongraphy.com"
                                     << ConfigSource::Default;
        QTest::addRow("url env") << base << none << "http://127.0.0.1:8081"
                                 << "https://x.example"
                                 << "http://127.0.0.1:8081" << ConfigSource::Environment;
        const QString db = QStringLiteral("appwrite/databaseId");
        QTest::addRow("database settings") << db << none << none << "prod"
                                           << "prod" << ConfigSource::Settings;
        const QString notify = QStringLiteral("desktop/notifications");
        QTest::addRow("bool settings") << notify << none << none << "false"
                                       << "false" << ConfigSource::Settings;
        QTest::addRow("bool cli") << notify << "off" << none << "true"
                                  << "false" << ConfigSource::CommandLine;
        const QString rate = QStringLiteral("graphy/rateLimit");
        QTest::addRow("real env") << rate << none << "2.5"
                                  << "9"
                                  << "2.5" << ConfigSource::Environment;
    }
    void precedence()
    {
        QFETCH(QString, key);
        QFETCH(QString, commandLine);
        QFETCH(QString, environment);
        QFETCH(QString, settings);
        QFETCH(QString, expected);
        QFETCH(ConfigSource, source);
        const ConfigKey configKey = *configKeyFromName(key);
        const ConfigKeySpec &spec = configKeySpec(configKey);

        QProcessEnvironment env;
        if (!environment.isNull())
            env.insert(spec.envVar, environment);
        QSettings ini(m_dir.filePath(QStringLiteral("precedence.ini")), PlainIniFormat::format());
        ini.clear();
        if (!settings.isNull())
            ini.setValue(spec.settingsKey, settings);
        ConfigLoader loader(env, &ini);
        if (!commandLine.isNull())
            loader.setOverride(configKey, commandLine);
        const AppConfig config = loader.load();
        QCOMPARE(config.value(configKey).toString(), expected);
        QCOMPARE(config.sourceOf(configKey), source);
        QVERIFY(config.loadErrors.isEmpty());
    }

    void validation_data()
    {
        QTest::addColumn<QString>("key");      // settings key of the value changed
        QTest::addColumn<QString>("value");    // given on the command line
        QTest::addColumn<QString>("expected"); // part of the message; empty: no error
        QTest::addRow("missing endpoint") << "appwrite/endpoint"
                                          << ""
                                          << "is not set";
        QTest::addRow("missing project") << "appwrite/project"
                                         << ""
                                         << "is not set";
        QTest::addRow("missing appwrite key") << "appwrite/apiKey"
                                              << ""
                                              << "is not set";
        QTest::addRow("missing graphy key") << "graphy/apiKey"
                                            << ""
                                            << "is not set";
        QTest::addRow("missing merchant id") << "graphy/merchantId"
                                             << " "
                                             << "is not set";
        QTest::addRow("malformed url") << "appwrite/endpoint"
                                       << "cloud appwrite io"
                                       << "not a valid URL";
        QTest::addRow("url without scheme") << "appwrite/endpoint"
                                            << "cloud.appwrite.io/v1"
                                            << "not a valid URL";
        QTest::addRow("ftp url") << "graphy/apiBase"
                                 << "ftp://api.ongraphy.com"
                                 << "https://";
        QTest::addRow("plain http remote") << "appwrite/endpoint"
                                           << "http://appwrite.example.com/v1"
                                           << "plain http";
        QTest::addRow("plain http 10/8") << "graphy/apiBase"
                                         << "http://10.0.0.1"
                                         << "plain http";
        QTest::addRow("http localhost") << "appwrite/endpoint"
                                        << "http://localhost:8080/v1"
                                        << "";
        QTest::addRow("http 127/8") << "appwrite/endpoint"
                                    << "http://127.3.2.1:8080/v1"
                                    << "";
        QTest::addRow("http ::1") << "graphy/apiBase"
                                  << "http://[::1]:8081"
                                  << "";
        QTest::addRow("user info") << "appwrite/endpoint"
                                   << "https://u:p@cloud.appwrite.io/v1"
                                   << "user name";
        QTest::addRow("batch 0") << "checker/batchSize"
                                 << "0"
                                 << "between 1 and 100";
        QTest::addRow("batch 101") << "checker/batchSize"
                                   << "101"
                                   << "between 1 and 100";
        QTest::addRow("batch 100") << "checker/batchSize"
                                   << "100"
                                   << "";
        QTest::addRow("batch not a number") << "checker/batchSize"
                                            << "fifty"
                                            << "not a whole number";
        QTest::addRow("concurrency 0") << "checker/concurrency"
                                       << "0"
                                       << "between 1 and 32";
        QTest::addRow("concurrency 33") << "checker/concurrency"
                                        << "33"
                                        << "between 1 and 32";
        QTest::addRow("rate 0") << "graphy/rateLimit"
                                << "0"
                                << "more than 0";
        QTest::addRow("rate negative") << "appwrite/rateLimit"
                                       << "-3"
                                       << "more than 0";
        QTest::addRow("rate auto") << "graphy/rateLimit"
                                   << "Auto"
                                   << "";
        QTest::addRow("rate 1000") << "appwrite/rateLimit"
                                   << "1000"
                                   << "";
        QTest::addRow("rate fast") << "graphy/rateLimit"
                                   << "fast"
                                   << "must be auto";
        QTest::addRow("timeout 0") << "network/requestTimeoutMs"
                                   << "0"
                                   << "between";
        QTest::addRow("retries 11") << "network/maxRetries"
                                    << "11"
                                    << "between 0 and 10";
        QTest::addRow("deadline 0") << "checker/runDeadlineSeconds"
                                    << "0"
                                    << "between";
        QTest::addRow("empty schedule") << "checker/schedule"
                                        << ""
                                        << "is not set";
        QTest::addRow("bad collection id") << "appwrite/learnersCollection"
                                           << "_learners"
                                           << "Appwrite ID";
        QTest::addRow("bad attribute") << "attributes/status"
                                       << "enrollment status"
                                       << "attribute key";
        QTest::addRow("duplicate attribute") << "attributes/completedAt"
                                             << "status"
                                             << "already used";
        QTest::addRow("events = learners") << "appwrite/eventsCollection"
                                           << "learners"
                                           << "same collection";
        QTest::addRow("bool typo") << "desktop/startMinimized"
                                   << "maybe"
                                   << "true or false";
    }
    void validation()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        const ConfigKey configKey = *configKeyFromName(key);
        ConfigLoader loader(validEnvironment());
        loader.setOverride(configKey, value);
        const QList<ConfigError> errors = loader.load().validate();
        if (expected.isEmpty()) {
            QVERIFY2(errors.isEmpty(), qPrintable(messages(errors).join(QLatin1Char('\n'))));
            return;
        }
        QCOMPARE(errors.size(), 1);
        const ConfigError &error = errors.first();
        QCOMPARE(error.key, configKey);
        QCOMPARE(error.name, key);
        QVERIFY2(error.message.contains(expected), qPrintable(error.message));
        // Every message names the setting both ways.
        QVERIFY2(error.message.contains(key), qPrintable(error.message));
        const QString envVar = configKeySpec(configKey).envVar;
        if (!envVar.isEmpty())
            QVERIFY2(error.message.contains(envVar), qPrintable(error.message));
    }

    void validConfigurationHasNoErrors()
    {
        ConfigLoader loader(validEnvironment());
        const AppConfig config = loader.load();
        QVERIFY2(config.validate().isEmpty(),
                 qPrintable(messages(config.validate()).join(QLatin1Char('\n'))));
    }

    void secretsNeverAppear()
    {
        const QString iniPath = m_dir.filePath(QStringLiteral("secrets.ini"));
        QSettings ini(iniPath, PlainIniFormat::format());
        // Someone put a key in the settings file by hand: it is ignored and the operator is told.
        const QString handWritten = QStringLiteral("handwritten-SECRET-555");
        ini.setValue(QStringLiteral("graphy/apiKey"), handWritten);
        ini.sync();
        QVERIFY(QFile::exists(iniPath));
        QProcessEnvironment env = validEnvironment();
        env.remove(QStringLiteral("GRAPHY_API_KEY"));
        env.insert(QStringLiteral("COMPLETION_CHECKER_BATCH_SIZE"), QStringLiteral("500")); // one error
        ConfigLoader loader(env, &ini);
        AppConfig config = loader.load();
        QVERIFY(config.graphyApiKey.isEmpty());
        QCOMPARE(config.appwriteApiKey, kAppwriteSecret);
        QCOMPARE(loader.warnings().size(), 1);
        QVERIFY(loader.warnings().first().contains(QStringLiteral("GRAPHY_API_KEY")));

        const QString description = config.describe();
        QVERIFY(description.contains(QStringLiteral("APPWRITE_API_KEY = •••• (set)")));
        QVERIFY(description.contains(QStringLiteral("GRAPHY_API_KEY = (not set)")));
        QVERIFY(description.contains(QStringLiteral("COMPLETION_CHECKER_BATCH_SIZE = 500  [environment]")));
        config.appwriteApiKey =
            kAppwriteSecret + QStringLiteral(" with space"); // a validation error on a secret
        QStringList everything = messages(config.validate());
        everything << loader.warnings() << config.describe();
        QCOMPARE(config.validate().size(), 3); // batch size, graphy key, appwrite key

        config.maxRetries = 5; // something to save
        ConfigLoader::save(config, ini);
        QFile file(iniPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        everything << QString::fromUtf8(file.readAll());
        for (const QString &text : std::as_const(everything)) {
            for (const QString &secret : {kAppwriteSecret, kGraphySecret, handWritten}) {
                QVERIFY2(!text.contains(secret), qPrintable(text));
            }
        }
        QVERIFY(!ini.contains(QStringLiteral("graphy/apiKey")));
        QVERIFY(!ini.contains(QStringLiteral("appwrite/apiKey")));
    }

    void saveRoundTrip()
    {
        QSettings ini(m_dir.filePath(QStringLiteral("save.ini")), PlainIniFormat::format());
        ini.clear();
        ini.setValue(QStringLiteral("checker/batchSize"), 20);
        ini.setValue(QStringLiteral("checker/concurrency"), 16); // equal to the default: removed on save
        QProcessEnvironment env = validEnvironment();
        env.insert(QStringLiteral("COMPLETION_CHECKER_SCHEDULE"), QStringLiteral("0 * * * *"));
        ConfigLoader loader(env, &ini);
        AppConfig config = loader.load();
        config.maxRetries = 5; // edited in a dialog
        config.attributes.status = QStringLiteral("enrollment_status");
        ConfigLoader::save(config, ini);
        QCOMPARE(ini.value(QStringLiteral("checker/batchSize")).toInt(), 20);
        QVERIFY(!ini.contains(QStringLiteral("checker/concurrency")));
        QVERIFY(!ini.contains(QStringLiteral("checker/schedule"))); // from the environment
        QVERIFY(!ini.contains(QStringLiteral("appwrite/endpoint")));

        ConfigLoader reloaded{QProcessEnvironment(), &ini};
        const AppConfig again = reloaded.load();
        QCOMPARE(again.batchSize, 20);
        QCOMPARE(again.maxRetries, 5);
        QCOMPARE(again.attributes.status, QStringLiteral("enrollment_status"));
        QCOMPARE(again.schedule, QStringLiteral("*/15 * * * *"));
        QCOMPARE(again.sourceOf(ConfigKey::MaxRetries), ConfigSource::Settings);
    }

    void attributeNamesForOlderDeployments()
    {
        QSettings ini(m_dir.filePath(QStringLiteral("attributes.ini")), PlainIniFormat::format());
        ini.clear();
        ini.setValue(QStringLiteral("attributes/completedAt"), QStringLiteral("completion_date"));
        QProcessEnvironment env = validEnvironment();
        env.insert(QStringLiteral("COMPLETION_CHECKER_ATTR_STATUS"), QStringLiteral("enrollment_status"));
        ConfigLoader loader(env, &ini);
        loader.setOverride(ConfigKey::AttributeCourseId, QStringLiteral("product_id"));
        const AppConfig config = loader.load();
        QCOMPARE(config.attributes.status, QStringLiteral("enrollment_status"));
        QCOMPARE(config.attributes.completedAt, QStringLiteral("completion_date"));
        QCOMPARE(config.attributes.courseId, QStringLiteral("product_id"));
        QCOMPARE(config.attributes.email, QStringLiteral("email"));
        QCOMPARE(config.sourceOf(ConfigKey::AttributeStatus), ConfigSource::Environment);
        QCOMPARE(config.sourceOf(ConfigKey::AttributeCompletedAt), ConfigSource::Settings);
        QCOMPARE(config.sourceOf(ConfigKey::AttributeCourseId), ConfigSource::CommandLine);
        QVERIFY(config.validate().isEmpty());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(AppConfigTest)
#include "tst_appconfig.moc"
