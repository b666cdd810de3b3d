#include "KeychainSecretStore.h"

#include <QHash>
#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>
#include <qt6keychain/keychain.h>

namespace cc {

namespace {
// Session-only keys: this process's memory, nowhere else.
struct SessionSecrets
{
    QMutex mutex;
    QHash<SecretKind, QString> values;
    bool enabled = false;
};

SessionSecrets &sessionSecrets()
{
    static SessionSecrets secrets;
    return secrets;
}

const QString kProbeKey = QStringLiteral("availability-probe");
} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent) : KeychainSecretStore(defaultServiceName(), parent)
{}

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : QObject(parent), m_service(service)
{
    qRegisterMetaType<SecretKind>();
}

KeychainSecretStore::~KeychainSecretStore() = default;

ConfigKey KeychainSecretStore::configKey(SecretKind kind)
{
    return kind == SecretKind::AppwriteApiKey ? ConfigKey::AppwriteApiKey : ConfigKey::GraphyApiKey;
}

QString KeychainSecretStore::displayName(SecretKind kind)
{
    return kind == SecretKind::AppwriteApiKey ? tr("Appwrite API key") : tr("Graphy API key");
}

QString KeychainSecretStore::keyName(SecretKind kind)
{
    return configKeySpec(configKey(kind)).settingsKey;
}

void KeychainSecretStore::setSessionOnly(bool sessionOnly)
{
    SessionSecrets &s = sessionSecrets();
    QMutexLocker lock(&s.mutex);
    s.enabled = sessionOnly;
    if (!sessionOnly)
        s.values.clear();
}

bool KeychainSecretStore::isSessionOnly()
{
    SessionSecrets &s = sessionSecrets();
    QMutexLocker lock(&s.mutex);
    return s.enabled;
}

QString KeychainSecretStore::storageNotice() const
{
    if (isSessionOnly())
        return tr(
            "API keys are kept in memory for this session only; they are forgotten when the app quits.");
    if (m_available == false)
        return tr(
            "No system keychain (Secret Service) is available: API keys can be kept for this session only.");
    return tr("API keys are stored in the system keychain.");
}

void KeychainSecretStore::read(SecretKind kind)
{
    if (isSessionOnly()) {
        SessionSecrets &s = sessionSecrets();
        QString value;
        {
            QMutexLocker lock(&s.mutex);
            value = s.values.value(kind);
        }
        QMetaObject::invokeMethod(
            this, [this, kind, value] { emit readDone(kind, value, QString()); }, Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(keyName(kind));
    connect(job, &QKeychain::Job::finished, this, [this, kind](QKeychain::Job *j) {
        auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (j->error() == QKeychain::NoError)
            return emit readDone(kind, readJob->textData(), QString());
        if (j->error() == QKeychain::EntryNotFound)
            return emit readDone(kind, QString(), QString());
        noteBackendFailure(j);
        emit readDone(kind, QString(), failureText(kind, j, tr("could not be read")));
    });
    job->start();
}

void KeychainSecretStore::write(SecretKind kind, const QString &value)
{
    if (value.isEmpty()) {
        // One answer per call: a write of nothing is a removal reported as a write.
        auto *once = new QObject(this);
        connect(this, &KeychainSecretStore::removeDone, once,
                [this, kind, once](SecretKind done, bool ok, const QString &error) {
                    if (done != kind)
                        return;
                    once->deleteLater();
                    emit writeDone(kind, ok, error);
                });
        remove(kind);
        return;
    }
    if (isSessionOnly()) {
        SessionSecrets &s = sessionSecrets();
        {
            QMutexLocker lock(&s.mutex);
            s.values.insert(kind, value);
        }
        QMetaObject::invokeMethod(
            this, [this, kind] { emit writeDone(kind, true, QString()); }, Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(keyName(kind));
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this, [this, kind](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError)
            return emit writeDone(kind, true, QString());
        noteBackendFailure(j);
        emit writeDone(kind, false, failureText(kind, j, tr("was not saved")));
    });
    job->start();
}

void KeychainSecretStore::remove(SecretKind kind)
{
    if (isSessionOnly()) {
        SessionSecrets &s = sessionSecrets();
        {
            QMutexLocker lock(&s.mutex);
            s.values.remove(kind);
        }
        QMetaObject::invokeMethod(
            this, [this, kind] { emit removeDone(kind, true, QString()); }, Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(keyName(kind));
    connect(job, &QKeychain::Job::finished, this, [this, kind](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound)
            return emit removeDone(kind, true, QString());
        noteBackendFailure(j);
        emit removeDone(kind, false, failureText(kind, j, tr("could not be removed")));
    });
    job->start();
}

void KeychainSecretStore::isAvailable()
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(kProbeKey);
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound) {
            m_available = true;
            m_unavailableReason.clear();
        } else if (!noteBackendFailure(j)) {
            // The keychain answered but refused (locked, access denied): unusable all the same.
            m_available = false;
            m_unavailableReason = tr("The system keychain refused access (%1).").arg(j->errorString());
        }
        emit availabilityKnown(*m_available, m_unavailableReason);
    });
    job->start();
}

bool KeychainSecretStore::noteBackendFailure(const QKeychain::Job *job)
{
    // QtKeychain reports a missing Secret Service as NoBackendAvailable, or on Linux builds without
    // a reachable D-Bus service as OtherError ("Unknown error").
    if (job->error() != QKeychain::NoBackendAvailable && job->error() != QKeychain::OtherError &&
        job->error() != QKeychain::NotImplemented)
        return false;
    m_available = false;
    QString detail = job->errorString();
    if (detail.isEmpty())
        detail = tr("no backend");
    m_unavailableReason =
        tr("No system keychain (Secret Service) is available (QtKeychain: %1).").arg(detail);
    return true;
}

QString KeychainSecretStore::failureText(SecretKind kind, const QKeychain::Job *job,
                                         const QString &what) const
{
    const QString name = displayName(kind);
    if (m_available == false)
        return tr("%1 %2: %3").arg(name, what, m_unavailableReason);
    return tr("%1 %2: the system keychain answered \"%3\".").arg(name, what, job->errorString());
}

} // namespace cc
