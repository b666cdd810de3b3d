#pragma once

#include "ConfigKey.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <optional>

namespace QKeychain {
class Job;
}

namespace cc {

// The secrets the app keeps (docs/ARCHITECTURE.md §11.1: in the OS keychain, never in QSettings, logs or the
// local database).
enum class SecretKind { AppwriteApiKey, GraphyApiKey };

// The API keys in the system keychain (QtKeychain: Secret Service, KWallet, macOS Keychain,
// Windows Credential Store), under the service name "completion-checker".
//
// Every call answers asynchronously with a signal, also in session-only mode, so callers have one
// code path. When no keychain is reachable there is no silent fallback to plain text: reads and
// writes fail with a reason, and the caller may opt into session-only mode, which keeps the keys
// in this process's memory until it exits. Session-only mode and its keys are process-wide: every
// store in the process shares them, so a settings dialog opened again finds what was entered.
//
// Values never appear in logs or error texts. Keychain jobs are not children of the store: a job
// whose store is gone finishes and deletes itself, and its answer is dropped.
class KeychainSecretStore : public QObject
{
    Q_OBJECT
public:
    static QString defaultServiceName() { return QStringLiteral("completion-checker"); }

    // `service`: the keychain's service name; tests pass their own so they never touch real keys.
    explicit KeychainSecretStore(QObject *parent = nullptr);
    explicit KeychainSecretStore(const QString &service, QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    QString service() const { return m_service; }
    // The account name of a secret in the keychain: its settings key, e.g. "appwrite/apiKey".
    static QString keyName(SecretKind kind);
    static ConfigKey configKey(SecretKind kind);
    // "Appwrite API key", "Graphy API key".
    static QString displayName(SecretKind kind);

    // Answer with readDone: the value, or an empty value when none is stored (not an error).
    void read(SecretKind kind);
    // Answer with writeDone. Writing an empty value removes the secret.
    void write(SecretKind kind, const QString &value);
    // Answer with removeDone; removing a secret that is not there is fine.
    void remove(SecretKind kind);

    // Probes the keychain with a harmless read; answers with availabilityKnown. The answer is also
    // remembered (knownAvailability) and refreshed by every keychain job that finds no backend.
    void isAvailable();
    std::optional<bool> knownAvailability() const { return m_available; }
    QString unavailableReason() const { return m_unavailableReason; }

    // Keep keys in memory for this process only (process-wide, see above). Turning it off forgets
    // the keys held in memory.
    static void setSessionOnly(bool sessionOnly);
    static bool isSessionOnly();
    // A sentence saying where keys are kept right now, for the UI.
    QString storageNotice() const;

signals:
    void readDone(cc::SecretKind kind, const QString &value, const QString &error);
    void writeDone(cc::SecretKind kind, bool ok, const QString &error);
    void removeDone(cc::SecretKind kind, bool ok, const QString &error);
    void availabilityKnown(bool available, const QString &reason);

private:
    // True (and remembers why) when the job failed because there is no usable keychain.
    bool noteBackendFailure(const QKeychain::Job *job);
    QString failureText(SecretKind kind, const QKeychain::Job *job, const QString &what) const;

    QString m_service;
    std::optional<bool> m_available;
    QString m_unavailableReason;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::SecretKind)
