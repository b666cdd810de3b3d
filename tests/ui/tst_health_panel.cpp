// HealthPanel from HealthReports built by hand, and live circuit-breaker changes.
#include "checker/CheckerController.h"
#include "support/PanelSamples.h"
#include "ui/HealthPanel.h"

#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using Level = cc::HealthPanel::Level;

namespace {
const QDateTime kNow = QDateTime::currentDateTimeUtc();

QString text(const QWidget &panel, const QString &name)
{
    const auto *label = panel.findChild<QLabel *>(name);
    return label != nullptr ? label->text() : QStringLiteral("<no label %1>").arg(name);
}

struct Rig
{
    cc::CheckerController controller;
    cc::HealthPanel panel{&controller};
    cc::CheckerWorker *worker() { return controller.worker(); }
};
} // namespace

class TestHealthPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { cc::CheckerController::registerMetaTypes(); }
    void notCheckedYet();
    void failingServiceAndSchemaProblems();
    void allHealthy();
    void refusedCredentials();
    void breakerStateArrivesLive_data();
    void breakerStateArrivesLive();
};

void TestHealthPanel::notCheckedYet()
{
    Rig rig;
    QVERIFY(!rig.panel.report());
    QCOMPARE(rig.panel.overallLevel(), Level::Unknown);
    QVERIFY(text(rig.panel, QStringLiteral("healthHeadline")).contains(QStringLiteral("Press Refresh")));
    QCOMPARE(text(rig.panel, QStringLiteral("graphyStatus")), QStringLiteral("Not checked yet"));
}

void TestHealthPanel::failingServiceAndSchemaProblems()
{
    Rig rig;
    rig.panel.resize(1000, 600);
    rig.panel.show();
    QSignalSpy levels(&rig.panel, &cc::HealthPanel::levelChanged);
    const cc::HealthReport report = samples::failingHealth(kNow);
    emit rig.worker()->healthChecked(report);
    QCOMPARE(rig.panel.serviceLevel(QStringLiteral("appwrite")), Level::Ok);
    QCOMPARE(rig.panel.serviceLevel(QStringLiteral("graphy")), Level::Error);
    QCOMPARE(rig.panel.schemaLevel(), Level::Error);
    QCOMPARE(rig.panel.overallLevel(), Level::Error);
    QCOMPARE(levels.size(), 1);
    QCOMPARE(levels.first().first().value<Level>(), Level::Error);

    QCOMPARE(text(rig.panel, QStringLiteral("appwriteStatus")), QStringLiteral("Reachable"));
    QCOMPARE(text(rig.panel, QStringLiteral("appwriteLatency")), QStringLiteral("84 ms"));
    QCOMPARE(text(rig.panel, QStringLiteral("appwriteCredentials")), QStringLiteral("Valid"));
    QCOMPARE(text(rig.panel, QStringLiteral("appwriteVersion")), QStringLiteral("1.5.7"));
    QCOMPARE(text(rig.panel, QStringLiteral("graphyStatus")), QStringLiteral("Unreachable"));
    QVERIFY(text(rig.panel, QStringLiteral("graphyCredentials")).startsWith(QStringLiteral("Not verified")));
    QVERIFY(text(rig.panel, QStringLiteral("graphyBreaker")).startsWith(QStringLiteral("Open")));
    QCOMPARE(text(rig.panel, QStringLiteral("graphyMessage")), report.graphy.message);
    QCOMPARE(text(rig.panel, QStringLiteral("graphyLastSuccess")),
             report.graphy.lastSuccess.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));

    const auto *problems = rig.panel.findChild<QListWidget *>(QStringLiteral("schemaProblems"));
    QVERIFY(problems->isVisible());
    QCOMPARE(problems->count(), 2);
    QCOMPARE(problems->item(0)->text(), report.schemaProblems.first());
    QVERIFY(text(rig.panel, QStringLiteral("schemaStatus")).startsWith(QStringLiteral("Schema: 2 problems")));
    const QString headline = text(rig.panel, QStringLiteral("healthHeadline"));
    QVERIFY2(headline.contains(QStringLiteral("Graphy: unreachable")), qPrintable(headline));
    QVERIFY2(headline.contains(QStringLiteral("Schema: 2 problems")), qPrintable(headline));
    QVERIFY(!headline.contains(QStringLiteral("Appwrite")));
}

void TestHealthPanel::allHealthy()
{
    Rig rig;
    rig.panel.show();
    emit rig.worker()->healthChecked(samples::healthyHealth(kNow));
    QCOMPARE(rig.panel.overallLevel(), Level::Ok);
    QCOMPARE(text(rig.panel, QStringLiteral("schemaStatus")),
             QStringLiteral("Schema: all attributes and indexes present"));
    QVERIFY(!rig.panel.findChild<QListWidget *>(QStringLiteral("schemaProblems"))->isVisible());
    QVERIFY(
        text(rig.panel, QStringLiteral("healthHeadline")).startsWith(QStringLiteral("All checks passed")));
    QVERIFY(text(rig.panel, QStringLiteral("healthCheckedAt")).startsWith(QStringLiteral("Checked at ")));
    // The pace as of the check, then as a run reports it.
    QCOMPARE(text(rig.panel, QStringLiteral("graphyPace")),
             QStringLiteral("38/s — held back after a 429 at 41/s"));
    cc::RunRecord run;
    run.graphyPace = QStringLiteral("44/s — rising: answers clean");
    run.appwritePace = QStringLiteral("20/s — at the configured ceiling");
    emit rig.worker()->runProgress(run);
    QCOMPARE(text(rig.panel, QStringLiteral("graphyPace")), run.graphyPace);
    QCOMPARE(text(rig.panel, QStringLiteral("appwritePace")), run.appwritePace);
}

void TestHealthPanel::refusedCredentials()
{
    Rig rig;
    cc::HealthReport report = samples::healthyHealth(kNow);
    report.appwrite.credentialsOk = false;
    report.appwrite.message = QStringLiteral("the key cannot read 'learners': HTTP 401 user_unauthorized");
    report.schemaChecked = false;
    emit rig.worker()->healthChecked(report);
    QCOMPARE(rig.panel.serviceLevel(QStringLiteral("appwrite")), Level::Error);
    QCOMPARE(text(rig.panel, QStringLiteral("appwriteStatus")),
             QStringLiteral("Reachable, but the credentials were refused"));
    QCOMPARE(text(rig.panel, QStringLiteral("appwriteCredentials")),
             QStringLiteral("Refused or missing a permission"));
    QCOMPARE(rig.panel.schemaLevel(), Level::Unknown); // could not be read, which the service row says
    QVERIFY(
        text(rig.panel, QStringLiteral("schemaStatus")).startsWith(QStringLiteral("Schema: not checked")));
}

void TestHealthPanel::breakerStateArrivesLive_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<Level>("level");
    QTest::addColumn<QString>("textStart");
    QTest::newRow("open") << QStringLiteral("open") << Level::Error << QStringLiteral("Open");
    QTest::newRow("half open") << QStringLiteral("half_open") << Level::Warning
                               << QStringLiteral("Half-open");
    QTest::newRow("closed again") << QStringLiteral("closed") << Level::Ok << QStringLiteral("Closed");
}

void TestHealthPanel::breakerStateArrivesLive()
{
    QFETCH(QString, state);
    QFETCH(Level, level);
    QFETCH(QString, textStart);
    Rig rig;
    emit rig.worker()->healthChecked(samples::healthyHealth(kNow));
    emit rig.worker()->serviceStateChanged(QStringLiteral("graphy"), state);
    QCOMPARE(rig.panel.serviceLevel(QStringLiteral("graphy")), level);
    QVERIFY(text(rig.panel, QStringLiteral("graphyBreaker")).startsWith(textStart));
    QVERIFY(text(rig.panel, QStringLiteral("appwriteBreaker")).startsWith(QStringLiteral("Closed")));
}

QTEST_MAIN(TestHealthPanel)
#include "tst_health_panel.moc"
