// The Health panel's "Create missing tables…" button (SchemaProvisionFlow): when it is offered and
// how it is worded, from hand-made reports; then end to end against a sandbox whose schema lacks a
// column, an index and the checker_runs table: a dry run listed in a confirmation (Cancel creates
// nothing), then provisioning, its result, and the health check run again. With CC_SCREENSHOT_DIR
// set it saves health-provision.png (the panel with the confirmation over it) and
// health-provision-result.png.
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "checker/CheckerController.h"
#include "support/PanelSamples.h"
#include "ui/HealthPanel.h"

#include <QAbstractButton>
#include <QApplication>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QTest>
#include <QTimer>
#include <functional>

namespace {
const QDateTime kNow = QDateTime::currentDateTimeUtc();

QPushButton *provisionButton(const QWidget &panel)
{
    return panel.findChild<QPushButton *>(QStringLiteral("schemaProvision"));
}

// Calls `handle` with the next modal message box once it is up (polling, as the box is exec()'d).
void onNextMessageBox(const std::function<void(QMessageBox *)> &handle)
{
    QTimer::singleShot(10, qApp, [handle] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box == nullptr || !box->isVisible())
            return onNextMessageBox(handle);
        handle(box);
    });
}

void showDetails(QMessageBox *box)
{
    for (QAbstractButton *b : box->buttons()) {
        if (box->buttonRole(b) == QMessageBox::ActionRole && b->text().contains(QStringLiteral("Details")))
            b->click();
    }
}

// The panel (as it was when the button was pressed) with the dialog over its lower part, below the
// schema box, as an operator sees it.
void saveComposite(const QPixmap &panel, QWidget *dialog, const QString &name)
{
    if (!qEnvironmentVariableIsSet("CC_SCREENSHOT_DIR"))
        return;
    QPixmap canvas = panel;
    const QPixmap over = dialog->grab();
    QPainter painter(&canvas);
    painter.fillRect(canvas.rect(), QColor(0, 0, 0, 40));
    painter.drawPixmap((canvas.width() - over.width()) / 2, std::max(0, canvas.height() - over.height() - 24),
                       over);
    painter.end();
    canvas.save(qEnvironmentVariable("CC_SCREENSHOT_DIR") + QLatin1Char('/') + name);
}
} // namespace

class TestHealthProvision : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { cc::CheckerController::registerMetaTypes(); }
    void buttonFollowsTheReport_data();
    void buttonFollowsTheReport();
    void provisionsAfterConfirmation();
};

void TestHealthProvision::buttonFollowsTheReport_data()
{
    QTest::addColumn<cc::HealthReport>("report");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QString>("text");
    cc::HealthReport healthy = samples::healthyHealth(kNow);
    healthy.appwrite.apiMode = QStringLiteral("TablesDB (chosen automatically)");
    QTest::newRow("healthy: nothing to create") << healthy << false << "Create missing tables…";
    cc::HealthReport problems = samples::failingHealth(kNow);
    problems.appwrite.apiMode = QStringLiteral("TablesDB (chosen automatically)");
    QTest::newRow("schema problems, TablesDB") << problems << true << "Create missing tables…";
    problems.appwrite.apiMode = QStringLiteral("documents API (Appwrite 1.7.4 has no TablesDB)");
    QTest::newRow("schema problems, documents API") << problems << true << "Create missing collections…";
    // Health reports a new database's missing tables as schema problems (HealthCheck).
    cc::HealthReport empty = healthy;
    empty.schemaProblems = QStringList{QStringLiteral("learners: the table is missing"),
                                       QStringLiteral("webhook_events: the table is missing")};
    QTest::newRow("a new database: no learners table") << empty << true << "Create missing tables…";
    cc::HealthReport refused = healthy;
    refused.appwrite.credentialsOk = false;
    refused.schemaChecked = false;
    refused.appwrite.message = QStringLiteral("the key cannot read 'learners': HTTP 401 user_unauthorized");
    QTest::newRow("key refused: creating would not help") << refused << false << "Create missing tables…";
}

void TestHealthProvision::buttonFollowsTheReport()
{
    QFETCH(cc::HealthReport, report);
    QFETCH(bool, enabled);
    QFETCH(QString, text);
    cc::CheckerController controller;
    cc::HealthPanel panel(&controller);
    QVERIFY(!provisionButton(panel)->isVisibleTo(&panel)); // nothing known yet
    emit controller.worker()->healthChecked(report);
    QVERIFY(provisionButton(panel)->isVisibleTo(&panel));
    QCOMPARE(provisionButton(panel)->isEnabled(), enabled);
    QCOMPARE(provisionButton(panel)->text(), text);
}

void TestHealthProvision::provisionsAfterConfirmation()
{
    sandbox::SandboxHost host;
    std::unique_ptr<SandboxControl> control;
    sandbox::SandboxOptions options;
    options.learners = 10;
    options.dropAttributes = {QStringLiteral("learners.last_completion_check")};
    options.dropIndexes = {QStringLiteral("learners.last_completion_check_index")};
    options.dropCollections = {QStringLiteral("checker_runs")};
    QString error;
    QVERIFY2(startSandbox(host, control, options, &error), qPrintable(error));
    auto writes = [&] {
        int n = 0;
        const QJsonObject routes = control->requestCounts().value("routes").toObject();
        for (auto it = routes.begin(); it != routes.end(); ++it)
            n += it.key().startsWith(QStringLiteral("POST ")) ? it.value().toInt() : 0;
        return n;
    };

    cc::CheckerController controller;
    controller.configure(sandboxEngineSettings(host), cc::WorkerOptions());
    cc::HealthPanel panel(&controller);
    panel.resize(1000, 720);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(panel.report().has_value(), 30000);
    QVERIFY(!panel.report()->schemaProblems.isEmpty());
    QPushButton *button = provisionButton(panel);
    QTRY_VERIFY(button->isEnabled());
    QCOMPARE(button->text(), QStringLiteral("Create missing tables…"));

    // Cancel: the dry run was shown, nothing is created.
    QString asked;
    onNextMessageBox([&](QMessageBox *box) {
        asked = box->text();
        box->button(QMessageBox::Cancel)->click();
    });
    button->click();
    QTRY_VERIFY_WITH_TIMEOUT(!asked.isEmpty() && button->isEnabled(), 30000);
    QCOMPARE(asked, QStringLiteral("Create 1 table, 12 columns and 2 indexes in the Appwrite database 'main' "
                                   "(TablesDB)?"));
    QCOMPARE(writes(), 0);

    // Confirm: the same list, then the result, then a fresh health check without problems.
    QString details, result;
    const QPixmap asPressed = panel.grab();
    onNextMessageBox([&](QMessageBox *confirm) {
        details = confirm->detailedText();
        showDetails(confirm);
        saveComposite(asPressed, confirm, QStringLiteral("health-provision.png"));
        onNextMessageBox([&](QMessageBox *done) {
            result = done->text();
            showDetails(done);
            saveComposite(asPressed, done, QStringLiteral("health-provision-result.png"));
            done->button(QMessageBox::Ok)->click();
        });
        confirm->button(QMessageBox::Yes)->click();
    });
    const QDateTime before = panel.report()->checkedAt;
    button->click();
    QTRY_VERIFY_WITH_TIMEOUT(!result.isEmpty(), 60000);
    QVERIFY2(details.contains(QStringLiteral("would create  column 'last_completion_check' (datetime)")),
             qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("would create  table 'checker_runs'")), qPrintable(details));
    QVERIFY2(!details.contains(QStringLiteral("already there")), qPrintable(details)); // only what changes
    QCOMPARE(result, QStringLiteral("1 table, 12 columns and 2 indexes created."));
    QTRY_VERIFY_WITH_TIMEOUT(panel.report()->checkedAt != before && !panel.isChecking(), 30000);
    QVERIFY2(panel.report()->schemaProblems.isEmpty(),
             qPrintable(panel.report()->schemaProblems.join(QStringLiteral(" | "))));
    QVERIFY(!button->isEnabled());
    QVERIFY(control->state().value("collections").toObject().contains("checker_runs"));
    QVERIFY(controller.shutdown());
}

QTEST_MAIN(TestHealthProvision)
#include "tst_health_provision.moc"
