// SettingsDialog: validation next to each field with OK/Apply disabled while anything is wrong;
// "Test connection" against the sandbox (ok, and credentials refused); keys through the secret
// store (session-only when there is no keychain), never into QSettings.
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "checker/CheckerController.h"
#include "checker/EngineConfiguration.h"
#include "config/KeychainSecretStore.h"
#include "config/PlainIniFormat.h"
#include "support/DialogScreenshot.h"
#include "ui/DesktopSettingsPage.h"
#include "ui/InlineBanner.h"
#include "ui/SettingsDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using cc::AppConfig;
using cc::ConfigKey;
using cc::KeychainSecretStore;
using cc::PlainIniFormat;
using cc::SettingsDialog;

namespace {
AppConfig goodConfig()
{
    AppConfig c;
    c.appwriteEndpoint = QStringLiteral("https://cloud.appwrite.io/v1");
    c.appwriteProject = QStringLiteral("project-1");
    c.appwriteApiKey = QStringLiteral("appwrite-key-1");
    c.graphyMerchantId = QStringLiteral("merchant-1");
    c.graphyApiKey = QStringLiteral("graphy-key-1");
    return c;
}

AppConfig sandboxConfig(const sandbox::SandboxHost &host)
{
    AppConfig c = sandboxAppConfig(host);
    c.requestTimeoutMs = 5000;
    c.maxRetries = 0;
    return c;
}

QPushButton *button(SettingsDialog &d, QDialogButtonBox::StandardButton which)
{
    return d.findChild<QDialogButtonBox *>()->button(which);
}
} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void showsTheCurrentValues();
    void validation_data();
    void validation();
    void errorsAreListedPerTab();
    void emptyFieldsSayNothingUntilTypedOrApplied();
    void scheduleDescribedLive();
    void testConnection_data();
    void testConnection();
    void testConnectionShowsSchemaProblems();
    void checkerReplacedWhileTesting();
    void keysGoToTheSecretStoreNeverToSettings();
    void noKeychainOffersSessionOnly();
    void keysFromTheEnvironmentAreNotStored();
    void desktopPageSetsNotificationsAndLoginStart();
    void screenshots();

private:
    sandbox::SandboxHost m_host;
    std::unique_ptr<cc::CheckerController> m_controller;
    QTemporaryDir m_dataDir;
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("completion-checker-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_settings_dialog"));
    PlainIniFormat::open()->clear(); // the user's settings file, as the app opens it
    sandbox::SandboxOptions options;
    options.learners = 20;
    QString error;
    QVERIFY2(m_host.start(options, &error), qPrintable(error));
    m_controller = std::make_unique<cc::CheckerController>();
    QSignalSpy configured(m_controller->worker(), &cc::CheckerWorker::configured);
    cc::WorkerOptions workerOptions;
    workerOptions.databasePath = m_dataDir.filePath(QStringLiteral("state.sqlite"));
    m_controller->configure(cc::EngineConfiguration::engineSettings(sandboxConfig(m_host)), workerOptions);
    QTRY_VERIFY_WITH_TIMEOUT(!configured.isEmpty(), 20000); // a worker thread may answer before wait()
}

void TestSettingsDialog::init()
{
    // The dialogs here must not depend on (or write to) a real keychain.
    KeychainSecretStore::setSessionOnly(true);
}

void TestSettingsDialog::cleanup()
{
    KeychainSecretStore::setSessionOnly(false);
}

void TestSettingsDialog::cleanupTestCase()
{
    m_controller.reset();
    m_host.stop();
}

void TestSettingsDialog::showsTheCurrentValues()
{
    AppConfig c = goodConfig();
    c.batchSize = 25;
    c.attributes.status = QStringLiteral("enrollment_status");
    SettingsDialog dialog(c, m_controller.get(), nullptr);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("appwrite/endpoint"))->text(), c.appwriteEndpoint);
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("checker/batchSize"))->text(),
             QStringLiteral("25"));
    auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("appwrite/apiKey"));
    QCOMPARE(key->echoMode(), QLineEdit::Password);
    QTest::mouseClick(dialog.findChild<QWidget *>(QStringLiteral("appwrite/apiKey/show")), Qt::LeftButton);
    QCOMPARE(key->echoMode(), QLineEdit::Normal);
    // A mapping in use is not folded away.
    QVERIFY(!dialog.findChild<QLineEdit *>(QStringLiteral("attributes/status"))
                 ->parentWidget()
                 ->parentWidget()
                 ->isHidden());
    QVERIFY(dialog.isValid());
    const AppConfig edited = dialog.editedConfig();
    QCOMPARE(edited.appwriteApiKey, c.appwriteApiKey);
    QCOMPARE(edited.graphyApiKey, c.graphyApiKey);
    QCOMPARE(edited.attributes.status, QStringLiteral("enrollment_status"));
}

void TestSettingsDialog::validation_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message"); // empty: the value is accepted

    QTest::newRow("empty endpoint") << "appwrite/endpoint"
                                    << ""
                                    << "Endpoint is not set";
    QTest::newRow("http to a remote host") << "appwrite/endpoint"
                                           << "http://appwrite.example.com/v1"
                                           << "plain http://";
    QTest::newRow("not a URL") << "appwrite/endpoint"
                               << "cloud appwrite"
                               << "not a valid URL";
    QTest::newRow("http to loopback") << "appwrite/endpoint"
                                      << "http://127.0.0.1:8080/v1"
                                      << "";
    QTest::newRow("https endpoint") << "appwrite/endpoint"
                                    << "https://appwrite.example.com/v1"
                                    << "";
    QTest::newRow("graphy over http") << "graphy/apiBase"
                                      << "http://api.ongraphy.com"
                                      << "plain http://";
    QTest::newRow("graphy over ftp") << "graphy/apiBase"
                                     << "ftp://api.ongraphy.com"
                                     << "must be an https:// URL";
    QTest::newRow("empty project") << "appwrite/project"
                                   << "  "
                                   << "Project ID is not set";
    QTest::newRow("empty Appwrite key") << "appwrite/apiKey"
                                        << ""
                                        << "API key is not set";
    QTest::newRow("empty merchant") << "graphy/merchantId"
                                    << ""
                                    << "Merchant ID is not set";
    QTest::newRow("bad collection ID") << "appwrite/learnersCollection"
                                       << "_learners"
                                       << "not a valid Appwrite ID";
    QTest::newRow("events in the learners collection") << "appwrite/eventsCollection"
                                                       << "learners"
                                                       << "same collection";
    QTest::newRow("attribute used twice") << "attributes/name"
                                          << "email"
                                          << "already used by";
    QTest::newRow("old attribute name") << "attributes/status"
                                        << "enrollment_status"
                                        << "";
    QTest::newRow("batch size 0") << "checker/batchSize"
                                  << "0"
                                  << "between 1 and 100";
    QTest::newRow("batch size 101") << "checker/batchSize"
                                    << "101"
                                    << "between 1 and 100";
    QTest::newRow("batch size not a number") << "checker/batchSize"
                                             << "fifty"
                                             << "not a whole number";
    QTest::newRow("batch size 1") << "checker/batchSize"
                                  << "1"
                                  << "";
    QTest::newRow("batch size 100") << "checker/batchSize"
                                    << "100"
                                    << "";
    QTest::newRow("concurrency 0") << "checker/concurrency"
                                   << "0"
                                   << "between 1 and 32";
    QTest::newRow("concurrency 32") << "checker/concurrency"
                                    << "32"
                                    << "";
    QTest::newRow("rate limit 0") << "graphy/rateLimit"
                                  << "0"
                                  << "more than 0";
    QTest::newRow("rate limit 2.5") << "graphy/rateLimit"
                                    << "2.5"
                                    << "";
    QTest::newRow("rate limit auto") << "graphy/rateLimit"
                                     << "auto"
                                     << "";
    QTest::newRow("deadline 5 s") << "checker/runDeadlineSeconds"
                                  << "5"
                                  << "between 10 and 86400";
    QTest::newRow("deadline 600 s") << "checker/runDeadlineSeconds"
                                    << "600"
                                    << "";
    QTest::newRow("empty schedule") << "checker/schedule"
                                    << ""
                                    << "Schedule is not set";
    QTest::newRow("invalid cron") << "checker/schedule"
                                  << "61 * * * *"
                                  << "schedule is not valid";
    QTest::newRow("interval without unit") << "checker/schedule"
                                           << "every 10"
                                           << "schedule is not valid";
    QTest::newRow("cron") << "checker/schedule"
                          << "0 9 * * 1-5"
                          << "";
    QTest::newRow("interval") << "checker/schedule"
                              << "every 10m"
                              << "";
}

void TestSettingsDialog::validation()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(QString, message);
    SettingsDialog dialog(goodConfig(), m_controller.get(), nullptr);
    QVERIFY(dialog.isValid());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());

    auto *edit = dialog.findChild<QLineEdit *>(field);
    auto *error = dialog.findChild<QLabel *>(field + QStringLiteral("/error"));
    QVERIFY2(edit && error, qPrintable(field));
    edit->setText(text);

    const std::optional<ConfigKey> key = cc::configKeyFromName(field);
    QVERIFY(key);
    if (message.isEmpty()) {
        QVERIFY2(dialog.isValid(), qPrintable(dialog.fieldErrors().values().join(QLatin1Char('\n'))));
        QVERIFY(error->isHidden());
        QCOMPARE(edit->property("invalid").toBool(), false);
        QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
        QString why;
        QCOMPARE(dialog.editedConfig().value(*key), cc::parseConfigValue(*key, text, &why));
        QVERIFY(dialog.editedConfig().validate().isEmpty());
    } else {
        QVERIFY(!dialog.isValid());
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(message, Qt::CaseInsensitive), qPrintable(error->text()));
        QCOMPARE(dialog.fieldErrors().value(*key), error->text());
        // The message reads as a sentence about the field, not about the environment variable.
        QVERIFY2(!error->text().contains(QStringLiteral("settings key")), qPrintable(error->text()));
        QCOMPARE(edit->property("invalid").toBool(), true);
        QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(!button(dialog, QDialogButtonBox::Apply)->isEnabled());
        // A greyed-out button says why.
        QVERIFY2(button(dialog, QDialogButtonBox::Ok)->toolTip().contains(error->text()),
                 qPrintable(button(dialog, QDialogButtonBox::Ok)->toolTip()));
        QSignalSpy applied(&dialog, &SettingsDialog::configApplied);
        dialog.accept();
        QCOMPARE(applied.count(), 0);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        // Only the bad field is marked.
        QCOMPARE(dialog.fieldErrors().size(), 1);
    }
    // Fixing it brings OK back.
    edit->setText(goodConfig().value(*key).toString());
    QVERIFY2(dialog.isValid(), qPrintable(dialog.fieldErrors().values().join(QLatin1Char('\n'))));
    QVERIFY(error->isHidden());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
}

void TestSettingsDialog::errorsAreListedPerTab()
{
    SettingsDialog dialog(goodConfig(), m_controller.get(), nullptr);
    auto *tabs = dialog.findChild<QTabWidget *>();
    QVERIFY(tabs->tabIcon(2).isNull());
    dialog.findChild<QLineEdit *>(QStringLiteral("checker/batchSize"))->setText(QStringLiteral("0"));
    QVERIFY(!tabs->tabIcon(2).isNull());
    QVERIFY(tabs->tabIcon(0).isNull());
    // An attribute problem unfolds the attribute group.
    auto *status = dialog.findChild<QLineEdit *>(QStringLiteral("attributes/status"));
    QVERIFY(status->parentWidget()->parentWidget()->isHidden());
    status->setText(QStringLiteral("-bad"));
    QVERIFY(!status->parentWidget()->parentWidget()->isHidden());
    QVERIFY(!tabs->tabIcon(0).isNull());
}

void TestSettingsDialog::emptyFieldsSayNothingUntilTypedOrApplied()
{
    // A first start: nothing set. The dialog does not open on a page of "not set".
    SettingsDialog dialog(AppConfig{}, m_controller.get(), nullptr);
    auto *endpointError = dialog.findChild<QLabel *>(QStringLiteral("appwrite/endpoint/error"));
    auto *projectError = dialog.findChild<QLabel *>(QStringLiteral("appwrite/project/error"));
    QVERIFY(endpointError && projectError);
    QVERIFY(!dialog.isValid());
    QVERIFY(endpointError->isHidden());
    QVERIFY(dialog.findChild<QTabWidget *>()->tabIcon(0).isNull());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    // Hidden error labels keep their place: fields do not jump when one appears.
    QVERIFY(endpointError->sizePolicy().retainSizeWhenHidden());

    // Typing in one field speaks for that field only.
    auto *endpoint = dialog.findChild<QLineEdit *>(QStringLiteral("appwrite/endpoint"));
    endpoint->setFocus();
    endpoint->selectAll();
    QTest::keyClicks(endpoint, QStringLiteral("ftp://x"));
    QVERIFY(!endpointError->isHidden());
    QVERIFY(projectError->isHidden());

    // Apply says what holds it back, everywhere, and applies nothing.
    QSignalSpy applied(&dialog, &SettingsDialog::configApplied);
    dialog.apply();
    QCOMPARE(applied.count(), 0);
    QVERIFY(!projectError->isHidden());
    QVERIFY2(projectError->text().contains(QStringLiteral("not set")), qPrintable(projectError->text()));
    QVERIFY(!button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)
                ->toolTip()
                .startsWith(QStringLiteral("Fix the marked fields first")));
}

void TestSettingsDialog::scheduleDescribedLive()
{
    SettingsDialog dialog(goodConfig(), m_controller.get(), nullptr);
    auto *description = dialog.findChild<QLabel *>(QStringLiteral("scheduleDescription"));
    auto *schedule = dialog.findChild<QLineEdit *>(QStringLiteral("checker/schedule"));
    QVERIFY2(description->text().contains(QStringLiteral("every 15 minutes")),
             qPrintable(description->text()));
    schedule->setText(QStringLiteral("every 2h"));
    QVERIFY2(description->text().contains(QStringLiteral("every 2 hours")), qPrintable(description->text()));
    schedule->setText(QStringLiteral("every"));
    QVERIFY(description->text().isEmpty());
}

void TestSettingsDialog::testConnection_data()
{
    QTest::addColumn<QString>("wrongKeyField"); // empty: all keys right
    QTest::addColumn<QString>("expected");
    QTest::newRow("right keys") << QString() << QString();
    QTest::newRow("wrong Appwrite key") << QStringLiteral("appwrite/apiKey") << QStringLiteral("Appwrite:");
    QTest::newRow("wrong Graphy key") << QStringLiteral("graphy/apiKey") << QStringLiteral("Graphy:");
}

void TestSettingsDialog::testConnection()
{
    QFETCH(QString, wrongKeyField);
    QFETCH(QString, expected);
    SettingsDialog dialog(sandboxConfig(m_host), m_controller.get(), nullptr);
    if (!wrongKeyField.isEmpty())
        dialog.findChild<QLineEdit *>(wrongKeyField)->setText(QStringLiteral("not-the-key"));
    auto *test = dialog.findChild<QPushButton *>(QStringLiteral("testConnectionButton"));
    auto *result = dialog.findChild<QLabel *>(QStringLiteral("connectionResult"));
    QVERIFY(test->isEnabled());
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(dialog.isTestingConnection());
    QVERIFY(!test->isEnabled());
    QCOMPARE(test->text(), QStringLiteral("Testing…"));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isTestingConnection(), 30000);
    QVERIFY(test->isEnabled());
    const QString text = result->text();
    if (wrongKeyField.isEmpty()) {
        QVERIFY2(text.contains(QStringLiteral("<b>Appwrite:</b> <span style=\"color:#2e7d32\">ok")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("<b>Graphy:</b> <span style=\"color:#2e7d32\">ok")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("all attributes and indexes present")), qPrintable(text));
        QVERIFY(!text.contains(QStringLiteral("refused")));
    } else {
        const QString refused =
            QStringLiteral("<b>%1</b> <span style=\"color:#c62828\">credentials refused").arg(expected);
        QVERIFY2(text.contains(refused), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("not-the-key")), qPrintable(text));
    }
    saveScreenshot(&dialog, wrongKeyField.isEmpty() ? QStringLiteral("settings-test-ok.png")
                                                    : QStringLiteral("settings-test-refused.png"));
}

void TestSettingsDialog::testConnectionShowsSchemaProblems()
{
    sandbox::SandboxHost oldDeployment;
    sandbox::SandboxOptions options;
    options.learners = 5;
    options.dropAttributes = {QStringLiteral("learners.last_completion_check")};
    QString error;
    QVERIFY2(oldDeployment.start(options, &error), qPrintable(error));
    SettingsDialog dialog(sandboxConfig(oldDeployment), m_controller.get(), nullptr);
    dialog.testConnection();
    QVERIFY(dialog.isTestingConnection());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isTestingConnection(), 30000);
    const QString text = dialog.findChild<QLabel *>(QStringLiteral("connectionResult"))->text();
    QVERIFY2(text.contains(QStringLiteral("<b>Appwrite:</b> <span style=\"color:#2e7d32\">ok")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("<b>Schema:</b> <span style=\"color:#c62828\">")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("last_completion_check")), qPrintable(text));
    saveScreenshot(&dialog, QStringLiteral("settings-test-schema.png"));
}

void TestSettingsDialog::checkerReplacedWhileTesting()
{
    // Applying settings restarts the app's checker; the open dialog must not keep a dangling pointer.
    // (Deleting the controller while a test is in flight is not exercised here: CheckerWorker does not
    // yet abort the test's own channels on shutdown.)
    auto controller = std::make_unique<cc::CheckerController>();
    QSignalSpy configured(controller->worker(), &cc::CheckerWorker::configured);
    controller->configure(cc::EngineConfiguration::engineSettings(sandboxConfig(m_host)),
                          cc::WorkerOptions{});
    QTRY_VERIFY_WITH_TIMEOUT(!configured.isEmpty(), 20000); // a worker thread may answer before wait()
    SettingsDialog dialog(sandboxConfig(m_host), controller.get(), nullptr);
    dialog.testConnection();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isTestingConnection(), 30000);
    auto *test = dialog.findChild<QPushButton *>(QStringLiteral("testConnectionButton"));
    QVERIFY(test->isEnabled());
    controller.reset();
    QVERIFY(!test->isEnabled());
    dialog.testConnection(); // nothing to talk to: ignored
    QVERIFY(!dialog.isTestingConnection());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled()); // the settings can still be applied
}

void TestSettingsDialog::keysGoToTheSecretStoreNeverToSettings()
{
    AppConfig c = goodConfig();
    c.appwriteApiKey.clear();
    c.graphyApiKey.clear();
    {
        SettingsDialog dialog(c, m_controller.get(), nullptr);
        QVERIFY(!dialog.isValid()); // no keys yet
        auto *appwriteKey = dialog.findChild<QLineEdit *>(QStringLiteral("appwrite/apiKey"));
        auto *graphyKey = dialog.findChild<QLineEdit *>(QStringLiteral("graphy/apiKey"));
        QTest::keyClicks(appwriteKey, QStringLiteral("typed-appwrite-key"));
        QTest::keyClicks(graphyKey, QStringLiteral("typed-graphy-key"));
        QVERIFY(dialog.isValid());
        QSignalSpy applied(&dialog, &SettingsDialog::configApplied);
        dialog.accept();
        QVERIFY(applied.wait(5000));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const AppConfig edited = applied.first().first().value<AppConfig>();
        QCOMPARE(edited.appwriteApiKey, QStringLiteral("typed-appwrite-key"));
        QCOMPARE(edited.graphyApiKey, QStringLiteral("typed-graphy-key"));
    }
    // Opened again, the dialog finds the keys in the store (session memory here).
    SettingsDialog again(c, m_controller.get(), nullptr);
    QTRY_COMPARE(again.findChild<QLineEdit *>(QStringLiteral("appwrite/apiKey"))->text(),
                 QStringLiteral("typed-appwrite-key"));
    QTRY_COMPARE(again.findChild<QLineEdit *>(QStringLiteral("graphy/apiKey"))->text(),
                 QStringLiteral("typed-graphy-key"));
    const std::unique_ptr<QSettings> settings = PlainIniFormat::open();
    for (const QString &k : settings->allKeys())
        QVERIFY2(!settings->value(k).toString().contains(QStringLiteral("typed-")), qPrintable(k));
}

void TestSettingsDialog::noKeychainOffersSessionOnly()
{
    KeychainSecretStore::setSessionOnly(false);
    SettingsDialog dialog(goodConfig(), m_controller.get(), nullptr);
    QSignalSpy known(dialog.secretStore(), &KeychainSecretStore::availabilityKnown);
    QVERIFY(known.wait(30000));
    if (known.first().first().toBool())
        QSKIP("A system keychain is reachable here: the no-keychain banner cannot be observed.");
    auto *banner = dialog.findChild<QWidget *>(QStringLiteral("keychainBanner"));
    QVERIFY(!banner->isHidden());
    QVERIFY(banner->findChild<QLabel *>()->text().startsWith(QStringLiteral(
        "No system keychain (Secret Service) is available: API keys can be kept for this session only.")));
    // Settings that are not keys save on their own: a schedule change needs no keychain.
    QVERIFY(dialog.isValid());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->toolTip().isEmpty());
    QSignalSpy applied(&dialog, &SettingsDialog::configApplied);
    dialog.findChild<QLineEdit *>(QStringLiteral("checker/schedule"))->setText(QStringLiteral("every 2h"));
    dialog.apply();
    QTRY_COMPARE(applied.count(), 1);
    QCOMPARE(applied.last().first().value<AppConfig>().schedule, QStringLiteral("every 2h"));
    auto *keysNotSaved = dialog.findChild<cc::InlineBanner *>(QStringLiteral("keysNotSavedBanner"));
    QVERIFY(keysNotSaved->isHidden());

    // A key typed here has nowhere to go: the rest is saved, the checker keeps its key, and the
    // banner says so with the action beside it.
    auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("appwrite/apiKey"));
    key->setFocus();
    key->selectAll();
    QTest::keyClicks(key, QStringLiteral("typed-new-key"));
    QVERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
    dialog.apply();
    QTRY_COMPARE(applied.count(), 2);
    QCOMPARE(applied.last().first().value<AppConfig>().appwriteApiKey, QStringLiteral("appwrite-key-1"));
    QVERIFY(!keysNotSaved->isHidden());
    QVERIFY2(keysNotSaved->text().startsWith(QStringLiteral("Saved, except the Appwrite API key you typed")),
             qPrintable(keysNotSaved->text()));
    QVERIFY(!KeychainSecretStore::isSessionOnly());
    saveScreenshot(&dialog, QStringLiteral("settings-no-keychain.png"));
    QCOMPARE(keysNotSaved->actionButton()->text(), QStringLiteral("&Keep for this session"));
    keysNotSaved->actionButton()->click();
    QTRY_COMPARE(applied.count(), 3);
    QCOMPARE(applied.last().first().value<AppConfig>().appwriteApiKey, QStringLiteral("typed-new-key"));
    QVERIFY(KeychainSecretStore::isSessionOnly());
    QVERIFY(keysNotSaved->isHidden());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("applyStatus"))
                ->text()
                .contains(QStringLiteral("session only")));
}

void TestSettingsDialog::desktopPageSetsNotificationsAndLoginStart()
{
    KeychainSecretStore::setSessionOnly(false);
    AppConfig c = goodConfig();
    c.sources.insert(ConfigKey::AppwriteApiKey, cc::ConfigSource::Environment);
    c.sources.insert(ConfigKey::GraphyApiKey, cc::ConfigSource::Environment);
    SettingsDialog dialog(c, m_controller.get(), nullptr);
    QTemporaryDir autostartDir;
    cc::DesktopSettingsPage *page = dialog.desktopPage();
    page->setAutostartEntry(cc::AutostartEntry(autostartDir.path()));
    page->setAutostartArguments({QStringLiteral("--config"), QStringLiteral("/etc/cc.ini")});
    QVERIFY(page->notificationsBox()->isChecked());
    QVERIFY(!page->startAtLoginBox()->isChecked());
    page->notificationsBox()->setChecked(false);
    page->startInTrayBox()->setChecked(true);
    page->startAtLoginBox()->setChecked(true);
    QSignalSpy applied(&dialog, &SettingsDialog::configApplied);
    dialog.apply();
    QTRY_COMPARE(applied.count(), 1);
    const AppConfig out = applied.first().first().value<AppConfig>();
    QVERIFY(!out.notificationsEnabled);
    QVERIFY(out.startMinimized);
    QVERIFY(page->autostartEntry().isEnabled());
    QFile entry(page->autostartEntry().filePath());
    QVERIFY(entry.open(QIODevice::ReadOnly));
    QVERIFY(entry.readAll().contains("--config /etc/cc.ini --minimized"));
    entry.close();

    page->startAtLoginBox()->setChecked(false);
    dialog.apply();
    QTRY_COMPARE(applied.count(), 2);
    QVERIFY(!QFile::exists(page->autostartEntry().filePath()));
}

void TestSettingsDialog::keysFromTheEnvironmentAreNotStored()
{
    KeychainSecretStore::setSessionOnly(false);
    AppConfig c = goodConfig();
    c.sources.insert(ConfigKey::AppwriteApiKey, cc::ConfigSource::Environment);
    c.sources.insert(ConfigKey::GraphyApiKey, cc::ConfigSource::Environment);
    SettingsDialog dialog(c, m_controller.get(), nullptr);
    QSignalSpy known(dialog.secretStore(), &KeychainSecretStore::availabilityKnown);
    QVERIFY(known.wait(30000));
    // The environment keeps providing the keys: nothing to store, so no keychain is needed.
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("appwrite/apiKey"));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("appwrite/apiKey/source")));
    saveScreenshot(&dialog, QStringLiteral("settings-keys-from-environment.png"));
    QSignalSpy written(dialog.secretStore(), &KeychainSecretStore::writeDone);
    QSignalSpy applied(&dialog, &SettingsDialog::configApplied);
    dialog.apply();
    QCOMPARE(applied.count(), 1); // applied at once: no key to write
    QCOMPARE(written.count(), 0);
    if (!known.first().first().toBool()) {
        // Typing a new key here means it has to be kept somewhere: without a keychain, the rest is
        // saved and the banner offers this session.
        key->setFocus();
        QTest::keyClick(key, Qt::Key_X);
        QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
        dialog.apply();
        QCOMPARE(applied.count(), 2);
        QVERIFY(!dialog.findChild<cc::InlineBanner *>(QStringLiteral("keysNotSavedBanner"))->isHidden());
    }
}

void TestSettingsDialog::screenshots()
{
    if (!qEnvironmentVariableIsSet("CC_SCREENSHOT_DIR"))
        QSKIP("Set CC_SCREENSHOT_DIR to save screenshots of the dialog.");
    SettingsDialog dialog(goodConfig(), m_controller.get(), nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    saveScreenshot(&dialog, QStringLiteral("settings-appwrite.png"));
    dialog.findChild<QLineEdit *>(QStringLiteral("appwrite/endpoint"))
        ->setText(QStringLiteral("http://appwrite.example.com/v1"));
    dialog.findChild<QLineEdit *>(QStringLiteral("attributes/name"))->setText(QStringLiteral("email"));
    saveScreenshot(&dialog, QStringLiteral("settings-appwrite-errors.png"));
    auto *tabs = dialog.findChild<QTabWidget *>();
    tabs->setCurrentIndex(1);
    saveScreenshot(&dialog, QStringLiteral("settings-graphy.png"));
    tabs->setCurrentIndex(2);
    dialog.findChild<QLineEdit *>(QStringLiteral("checker/batchSize"))->setText(QStringLiteral("101"));
    saveScreenshot(&dialog, QStringLiteral("settings-schedule-errors.png"));
    dialog.resize(1024, 640);
    saveScreenshot(&dialog, QStringLiteral("settings-1024x640.png"));
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settings_dialog.moc"
