// The pace a run found is kept in the local store and the next worker starts from it
// (docs/ARCHITECTURE.md §6): a run against the sandbox's limited Graphy ends with a pace and its
// reason on runFinished, the store keeps the rate per service account, and a new worker on the same
// database starts there ("started at the rate found last run"). Unit rows cover the keys.
#include "SandboxTestCase.h"
#include "WorkerHarness.h"
#include "base/Clock.h"
#include "checker/CheckerServices.h"
#include "checker/RememberedPace.h"
#include "net/AdaptiveRate.h"
#include "store/LocalStore.h"

#include <QTemporaryDir>

using namespace rig;

namespace {
cc::EngineSettings adaptiveSettings(const sandbox::SandboxHost &host)
{
    cc::EngineSettings s = fastSettings(host);
    s.graphyRateAdaptive = true;
    s.graphyRatePerSecond = 1000; // the ceiling
    s.appwriteRateAdaptive = true;
    s.appwriteRatePerSecond = 1000;
    return s;
}

double storedRate(const QString &databasePath, const QString &key)
{
    cc::LocalStore store;
    if (!store.open(databasePath))
        return -1;
    return store.value(key).toDouble();
}
} // namespace

class TestRememberedPace : public SandboxTestCase
{
    Q_OBJECT
private slots:
    void initTestCase();
    void keysSeparateAccounts_data();
    void keysSeparateAccounts();
    void fixedLimitsAreNotRemembered();
    void aRunsPaceIsShownKeptAndStartsTheNext();

private:
    QTemporaryDir m_dir;
};

void TestRememberedPace::initTestCase()
{
    cc::CheckerController::registerMetaTypes();
    QVERIFY(m_dir.isValid());
    sandbox::SandboxOptions options;
    options.learners = 10;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
}

void TestRememberedPace::keysSeparateAccounts_data()
{
    QTest::addColumn<QString>("apiBase");
    QTest::addColumn<QString>("merchant");
    QTest::addColumn<bool>("sameAccount");
    QTest::newRow("same") << "https://api.ongraphy.com"
                          << "m1" << true;
    QTest::newRow("explicit default port") << "https://api.ongraphy.com:443"
                                           << "m1" << true;
    QTest::newRow("other merchant") << "https://api.ongraphy.com"
                                    << "m2" << false;
    QTest::newRow("other host") << "https://eu.ongraphy.com"
                                << "m1" << false;
    QTest::newRow("other port") << "http://127.0.0.1:8080"
                                << "m1" << false;
}

void TestRememberedPace::keysSeparateAccounts()
{
    QFETCH(QString, apiBase);
    QFETCH(QString, merchant);
    QFETCH(bool, sameAccount);
    cc::LocalStore store;
    QVERIFY(store.open(m_dir.filePath(QStringLiteral("keys-%1.db").arg(QTest::currentDataTag()))));
    cc::EngineSettings known;
    known.graphy.apiBase = QUrl(QStringLiteral("https://api.ongraphy.com"));
    known.graphy.merchantId = QStringLiteral("m1");
    QVERIFY(store.setValue(cc::RememberedPace::graphyKey(known), QStringLiteral("41.50")));

    cc::EngineSettings s;
    s.graphy.apiBase = QUrl(apiBase);
    s.graphy.merchantId = merchant;
    s.graphyRateAdaptive = true;
    cc::RememberedPace::recall(store, s);
    QCOMPARE(s.graphyStartRate, sameAccount ? 41.5 : 0.0);
    QVERIFY(!cc::RememberedPace::graphyKey(s).contains(QStringLiteral("key"), Qt::CaseInsensitive));

    // A damaged value starts from the default rather than from nonsense.
    QVERIFY(store.setValue(cc::RememberedPace::graphyKey(known), QStringLiteral("fast")));
    s.graphyStartRate = 0;
    cc::RememberedPace::recall(store, s);
    QCOMPARE(s.graphyStartRate, 0.0);
}

void TestRememberedPace::fixedLimitsAreNotRemembered()
{
    cc::EngineSettings s = fastSettings(m_host); // fixed caps
    cc::CheckerServices services(s, cc::CheckerServices::Purpose::Checking, cc::SystemClock::instance());
    cc::LocalStore store;
    QVERIFY(store.open(m_dir.filePath(QStringLiteral("fixed.db"))));
    QVERIFY(cc::RememberedPace::remember(services, s, store));
    QVERIFY(store.value(cc::RememberedPace::graphyKey(s)).isEmpty());
    QVERIFY(store.value(cc::RememberedPace::appwriteKey(s)).isEmpty());
    cc::EngineSettings recalled = s;
    QVERIFY(store.setValue(cc::RememberedPace::graphyKey(s), QStringLiteral("30")));
    cc::RememberedPace::recall(store, recalled);
    QCOMPARE(recalled.graphyStartRate, 0.0); // a fixed cap ignores what was found before
}

void TestRememberedPace::aRunsPaceIsShownKeptAndStartsTheNext()
{
    QVERIFY(m_control->reset(Demo{150, 5, 3, 0.35, 0.3}.toJson()));
    QVERIFY(!m_control->setSettings(QJsonObject{{QStringLiteral("graphyRateLimit"), 40}}).isEmpty());
    const cc::EngineSettings settings = adaptiveSettings(m_host);
    const QString database = m_dir.filePath(QStringLiteral("pace.db"));
    const QString key = cc::RememberedPace::graphyKey(settings);

    double found = 0;
    {
        Harness first(settings, database);
        QTRY_VERIFY(first.configured);
        first.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 0);
        QTRY_VERIFY_WITH_TIMEOUT(!first.runsFinished.isEmpty(), 60000);
        const cc::RunRecord run = first.runsFinished.first();
        QCOMPARE(run.state, cc::RunState::Finished);
        // The pace and its reason travel with the run's figures.
        QVERIFY2(run.graphyPace.contains(QStringLiteral("/s — ")), qPrintable(run.graphyPace));
        QVERIFY2(run.appwritePace.contains(QStringLiteral("/s — ")), qPrintable(run.appwritePace));
        found = run.graphyPace.section(QLatin1Char('/'), 0, 0).toDouble();
        QVERIFY2(found > 5, qPrintable(run.graphyPace)); // it rose from the moderate start
        first.controller.shutdown();
    }
    const double stored = storedRate(database, key);
    QVERIFY2(qAbs(stored - found) <= std::max(1.0, found * 0.02),
             qPrintable(QStringLiteral("stored %1, run ended at %2").arg(stored).arg(found)));
    QVERIFY(storedRate(database, cc::RememberedPace::appwriteKey(settings)) > 0);

    // The next worker (a restart) starts where the last run ended.
    Harness second(settings, database);
    QList<cc::RunRecord> started;
    connect(second.controller.worker(), &cc::CheckerWorker::runStarted, this,
            [&](const cc::RunRecord &r) { started << r; });
    QTRY_VERIFY(second.configured);
    second.controller.call(&cc::CheckerWorker::runNow, cc::RunTrigger::Manual, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), 10000);
    QVERIFY2(started.first().graphyPace.contains(QStringLiteral("started at the rate found last run")),
             qPrintable(started.first().graphyPace));
    QVERIFY(
        started.first().graphyPace.startsWith(cc::AdaptiveRate::formatRate(stored) + QStringLiteral(" — ")));
    QTRY_VERIFY_WITH_TIMEOUT(!second.runsFinished.isEmpty(), 60000);
    QCOMPARE(second.runsFinished.first().state, cc::RunState::Finished);
}

QTEST_GUILESS_MAIN(TestRememberedPace)
#include "tst_remembered_pace.moc"
