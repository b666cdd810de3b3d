// KeychainSecretStore: the availability probe, the "no keychain" path (a reason, no silent
// plain-text fallback), session-only mode in memory, and — where a keychain is reachable — a real
// round trip under a test service name. No value ever reaches a log message.
#include "config/KeychainSecretStore.h"

#include <QSignalSpy>
#include <QTest>

using cc::KeychainSecretStore;
using cc::SecretKind;

namespace {
const QString kService = QStringLiteral("completion-checker-test");
const QString kSecret = QStringLiteral("tst-secret-4f1b9c2e");

QStringList g_messages;
QtMessageHandler g_previousHandler = nullptr;
void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_messages.append(message);
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}
} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        g_previousHandler = qInstallMessageHandler(captureMessage);
        KeychainSecretStore store(kService);
        QSignalSpy known(&store, &KeychainSecretStore::availabilityKnown);
        store.isAvailable();
        QVERIFY(known.wait(30000));
        m_available = known.first().at(0).toBool();
        m_reason = known.first().at(1).toString();
    }
    void cleanup() { KeychainSecretStore::setSessionOnly(false); }
    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previousHandler);
        for (const QString &m : std::as_const(g_messages))
            QVERIFY2(!m.contains(kSecret),
                     qPrintable(QStringLiteral("a log message holds the secret: ") + m));
    }

    void names()
    {
        QCOMPARE(KeychainSecretStore::defaultServiceName(), QStringLiteral("completion-checker"));
        QCOMPARE(KeychainSecretStore(nullptr).service(), QStringLiteral("completion-checker"));
        QCOMPARE(KeychainSecretStore::keyName(SecretKind::AppwriteApiKey), QStringLiteral("appwrite/apiKey"));
        QCOMPARE(KeychainSecretStore::keyName(SecretKind::GraphyApiKey), QStringLiteral("graphy/apiKey"));
    }

    void unavailableKeychainSaysWhyAndStoresNothing()
    {
        if (m_available)
            QSKIP("A system keychain is reachable here: the no-keychain path cannot be observed.");
        KeychainSecretStore store(kService);
        QVERIFY2(m_reason.contains(QStringLiteral("keychain"), Qt::CaseInsensitive), qPrintable(m_reason));
        QVERIFY(!store.knownAvailability().has_value()); // a new store has not asked yet

        QSignalSpy written(&store, &KeychainSecretStore::writeDone);
        store.write(SecretKind::AppwriteApiKey, kSecret);
        QVERIFY(written.wait(30000));
        QCOMPARE(written.first().at(0).value<SecretKind>(), SecretKind::AppwriteApiKey);
        QCOMPARE(written.first().at(1).toBool(), false); // no silent fallback to plain text
        const QString error = written.first().at(2).toString();
        QVERIFY2(error.contains(QStringLiteral("Appwrite API key")), qPrintable(error));
        QVERIFY(!error.contains(kSecret));
        QCOMPARE(store.knownAvailability(), std::optional<bool>(false));
        QVERIFY(store.storageNotice().contains(QStringLiteral("this session only")));

        QSignalSpy read(&store, &KeychainSecretStore::readDone);
        store.read(SecretKind::AppwriteApiKey);
        QVERIFY(read.wait(30000));
        QVERIFY(read.first().at(1).toString().isEmpty());
        QVERIFY(!read.first().at(2).toString().isEmpty());
    }

    void sessionOnlyRoundTripsInMemory()
    {
        KeychainSecretStore::setSessionOnly(true);
        KeychainSecretStore writer(kService);
        QVERIFY(writer.storageNotice().contains(QStringLiteral("for this session only")));
        QSignalSpy written(&writer, &KeychainSecretStore::writeDone);
        writer.write(SecretKind::GraphyApiKey, kSecret);
        QCOMPARE(written.count(), 0); // answers asynchronously, like the keychain
        QVERIFY(written.wait(5000));
        QCOMPARE(written.first().at(1).toBool(), true);

        // Another store of the process finds it (the settings dialog opened again).
        KeychainSecretStore reader(kService);
        QSignalSpy read(&reader, &KeychainSecretStore::readDone);
        reader.read(SecretKind::GraphyApiKey);
        reader.read(SecretKind::AppwriteApiKey);
        QTRY_COMPARE(read.count(), 2);
        QCOMPARE(read.at(0).at(0).value<SecretKind>(), SecretKind::GraphyApiKey);
        QCOMPARE(read.at(0).at(1).toString(), kSecret);
        QVERIFY(read.at(0).at(2).toString().isEmpty());
        QVERIFY(read.at(1).at(1).toString().isEmpty()); // never written: empty, not an error
        QVERIFY(read.at(1).at(2).toString().isEmpty());

        QSignalSpy removed(&reader, &KeychainSecretStore::removeDone);
        reader.remove(SecretKind::GraphyApiKey);
        QVERIFY(removed.wait(5000));
        QVERIFY(removed.first().at(1).toBool());
        read.clear();
        reader.read(SecretKind::GraphyApiKey);
        QVERIFY(read.wait(5000));
        QVERIFY(read.first().at(1).toString().isEmpty());
    }

    void leavingSessionOnlyForgetsTheKeys()
    {
        KeychainSecretStore::setSessionOnly(true);
        KeychainSecretStore store(kService);
        QSignalSpy written(&store, &KeychainSecretStore::writeDone);
        store.write(SecretKind::AppwriteApiKey, kSecret);
        QVERIFY(written.wait(5000));
        KeychainSecretStore::setSessionOnly(false);
        KeychainSecretStore::setSessionOnly(true);
        QSignalSpy read(&store, &KeychainSecretStore::readDone);
        store.read(SecretKind::AppwriteApiKey);
        QVERIFY(read.wait(5000));
        QVERIFY(read.first().at(1).toString().isEmpty());
    }

    void realKeychainRoundTrip()
    {
        if (!m_available)
            QSKIP(qPrintable(
                QStringLiteral("No system keychain reachable here: %1 The real keychain round trip "
                               "is skipped; the session-only path is tested.")
                    .arg(m_reason)));
        KeychainSecretStore store(kService);
        QSignalSpy written(&store, &KeychainSecretStore::writeDone);
        store.write(SecretKind::AppwriteApiKey, kSecret);
        QVERIFY(written.wait(30000));
        QVERIFY2(written.first().at(1).toBool(), qPrintable(written.first().at(2).toString()));
        QSignalSpy read(&store, &KeychainSecretStore::readDone);
        store.read(SecretKind::AppwriteApiKey);
        QVERIFY(read.wait(30000));
        QCOMPARE(read.first().at(1).toString(), kSecret);
        QSignalSpy removed(&store, &KeychainSecretStore::removeDone);
        store.remove(SecretKind::AppwriteApiKey);
        QVERIFY(removed.wait(30000));
        QVERIFY(removed.first().at(1).toBool());
        read.clear();
        store.read(SecretKind::AppwriteApiKey);
        QVERIFY(read.wait(30000));
        QVERIFY(read.first().at(1).toString().isEmpty());
    }

private:
    bool m_available = false;
    QString m_reason;
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychain_secret_store.moc"
