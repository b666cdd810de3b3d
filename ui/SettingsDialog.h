#pragma once

#include "config/AppConfig.h"
#include "config/KeychainSecretStore.h"

#include <QDialog>
#include <QHash>
#include <QList>

class QCheckBox;
class QDialogButtonBox;
class QFrame;
class QLabel;
class QLineEdit;
class QTabWidget;
class QToolButton;
class QWidget;

namespace cc {

class CheckerController;
class ConfigFieldForm;
class ConnectionTestView;
class DesktopSettingsPage;
class InlineBanner;

// Edits an AppConfig: the Appwrite and Graphy connections, the learner attribute names, the
// schedule and the limits. Every field is checked as it is typed (ConfigFieldForm); each problem
// is shown under its field, and OK/Apply stay disabled while there is one. "Test connection" runs
// the health check with the values being edited, in the checker thread, without touching the
// running checker.
//
// API keys are read from and written to the system keychain (KeychainSecretStore), never to
// QSettings. Without a keychain the dialog says so and offers to keep them for this session only.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // Where applied settings go: the operator's real settings (keys to the keychain, the rest saved
    // by the caller), or the demo's session only (no keychain, no login start; the caller saves
    // nothing), so trying the demo never changes the real configuration.
    enum class Scope { Saved, DemoSession };

    // `controller` may be null: no "Test connection" then.
    SettingsDialog(const AppConfig &current, CheckerController *controller, QWidget *parent = nullptr,
                   Scope scope = Scope::Saved);
    ~SettingsDialog() override;

    // The configuration as edited, keys included. Meaningful when isValid().
    AppConfig editedConfig() const;
    bool isValid() const;
    // Problems shown next to the fields, by key (empty when valid).
    QHash<ConfigKey, QString> fieldErrors() const;
    bool isTestingConnection() const;
    Scope scope() const { return m_scope; }
    KeychainSecretStore *secretStore() const { return m_secrets; }
    DesktopSettingsPage *desktopPage() const { return m_desktopPage; }

public slots:
    void accept() override;
    // Stores the keys, then emits configApplied. Stays open.
    void apply();
    void testConnection();

signals:
    // The edited configuration was accepted and its keys stored; the caller saves the rest (never
    // the keys) and reconfigures the checker.
    void configApplied(const cc::AppConfig &config);

private:
    QWidget *buildKeychainBanner();
    QWidget *buildDemoBanner();
    QWidget *buildAppwritePage();
    QWidget *buildGraphyPage();
    QWidget *buildSchedulePage();
    QWidget *buildConnectionTest(CheckerController *controller);
    // A password line edit for an API key, with its show/hide button in *showButton.
    QLineEdit *secretEditor(SecretKind kind, QWidget **showButton);

    void onValidated();
    void updateButtons();

    void onSecretRead(SecretKind kind, const QString &value, const QString &error);
    void onSecretWritten(SecretKind kind, bool ok, const QString &error);
    void onKeychainAvailability(bool available, const QString &reason);
    // Keys whose field differs from what is stored and that were not simply taken from the environment.
    QList<SecretKind> secretsToStore() const;
    // Keys must be stored, but there is no keychain and session-only mode is not chosen.
    bool secretsBlocked() const;
    // After the keys are stored (or failed to be): report, emit configApplied, close if asked.
    void finishApply();
    // No keychain for the keys typed here: applies everything else and offers this session.
    void applyWithoutTypedKeys();
    void keepTypedKeysForThisSession();
    QString fieldErrorSummary() const;

    AppConfig m_current;
    Scope m_scope;
    KeychainSecretStore *m_secrets;
    ConfigFieldForm *m_form;
    QHash<SecretKind, QString> m_storedSecrets; // what the keychain (or session memory) holds
    QHash<SecretKind, bool> m_secretTyped;      // the user typed in the key's field
    QHash<SecretKind, QLineEdit *> m_secretEdits;
    int m_pendingWrites = 0;
    QStringList m_writeErrors;
    bool m_closeAfterApply = false;

    DesktopSettingsPage *m_desktopPage = nullptr;
    QTabWidget *m_tabs = nullptr;
    QFrame *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QCheckBox *m_sessionOnly = nullptr;
    InlineBanner *m_keysNotSaved = nullptr;
    QToolButton *m_attributesToggle = nullptr;
    QWidget *m_attributesBox = nullptr;
    QLabel *m_scheduleDescription = nullptr;
    QLabel *m_otherErrors = nullptr;
    ConnectionTestView *m_connectionTest = nullptr;
    QLabel *m_applyStatus = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace cc
