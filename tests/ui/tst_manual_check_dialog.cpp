// ManualCheckDialog against the sandbox with a real CheckerController: the dry run of a learner
// who completed in Graphy shows the outcome, Graphy's course and the would-be writes and changes
// nothing; Apply then writes exactly one event and marks the learner completed. Errors say what
// to do.
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "SandboxTestCase.h"
#include "checker/CheckerController.h"
#include "support/DialogScreenshot.h"
#include "support/MessageBoxAnswer.h"
#include "ui/ManualCheckDialog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using cc::ManualCheckDialog;

namespace {
// The parts of /_sandbox/state this test reads.
struct SandboxState
{
    QJsonObject state;

    QJsonArray learners() const
    {
        return state[QStringLiteral("collections")][QStringLiteral("learners")].toArray();
    }
    QJsonArray events() const
    {
        return state[QStringLiteral("collections")][QStringLiteral("webhook_events")].toArray();
    }
    QJsonObject learner(const QString &id) const
    {
        for (const QJsonValue &l : learners()) {
            if (l[QStringLiteral("$id")].toString() == id)
                return l.toObject();
        }
        return {};
    }
    int eventsWithEventId(const QString &eventId) const
    {
        int n = 0;
        for (const QJsonValue &e : events())
            n += e[QStringLiteral("event_id")].toString() == eventId ? 1 : 0;
        return n;
    }
    // Graphy's course of that learner, read straight from the dump (independent of the app's rule).
    QJsonObject graphyCourse(const QJsonObject &learner) const
    {
        const QString email = learner[QStringLiteral("email")].toString().toLower();
        for (const QJsonValue &g : state[QStringLiteral("graphy")][QStringLiteral("learners")].toArray()) {
            if (g[QStringLiteral("email")].toString().toLower() != email)
                continue;
            for (const QJsonValue &c : g[QStringLiteral("courses")].toArray()) {
                if (c[QStringLiteral("id")].toString() == learner[QStringLiteral("course_id")].toString())
                    return c.toObject();
            }
        }
        return {};
    }
    // An enrolled learner whose Graphy course says completed.
    QJsonObject enrolledAndComplete() const
    {
        for (const QJsonValue &l : learners()) {
            if (l[QStringLiteral("status")].toString() != QLatin1String("enrolled"))
                continue;
            if (graphyCourse(l.toObject())[QStringLiteral("completed")].toBool())
                return l.toObject();
        }
        return {};
    }
};

QString eventIdOf(const QJsonObject &learner)
{
    return QStringLiteral("completion_%1_%2")
        .arg(learner[QStringLiteral("course_id")].toString(), learner[QStringLiteral("$id")].toString());
}
} // namespace

class TestManualCheckDialog : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void dryRunThenApply();
    void editingTheQueryNeedsANewDryRun();
    void checkerReplacedWhileChecking();
    void unknownLearnerSaysWhatToDo_data();
    void unknownLearnerSaysWhatToDo();
    void notEnrolledNeedsConfirmation_data();
    void notEnrolledNeedsConfirmation();

private:
    // As an operator in the Appwrite console would: PATCH the learner (a real request).
    bool patchLearner(const QString &id, const QJsonObject &data);
    SandboxState state() { return {m_control->state()}; }
    QLabel *label(ManualCheckDialog &d, const QString &name) { return d.findChild<QLabel *>(name); }

    cc::EngineSettings m_settings;
    std::unique_ptr<cc::CheckerController> m_controller;
    QTemporaryDir m_dataDir;
};

void TestManualCheckDialog::initTestCase()
{
    sandbox::SandboxOptions options;
    options.learners = 10;
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));

    cc::EngineSettings &settings = m_settings;
    settings = sandboxEngineSettings(m_host);
    settings.graphyRatePerSecond = 1000;
    settings.appwriteRatePerSecond = 1000;
    settings.requestTimeoutMs = 5000;
    settings.retryBaseDelayMs = 10;
    cc::WorkerOptions workerOptions;
    workerOptions.databasePath = m_dataDir.filePath(QStringLiteral("state.sqlite"));
    workerOptions.flushIntervalMs = 50;
    m_controller = std::make_unique<cc::CheckerController>();
    QSignalSpy configured(m_controller->worker(), &cc::CheckerWorker::configured);
    m_controller->configure(settings, workerOptions);
    QTRY_VERIFY_WITH_TIMEOUT(!configured.isEmpty(), 20000); // a worker thread may answer before wait()
}

void TestManualCheckDialog::init()
{
    QVERIFY(m_control->reset(QJsonObject{{QStringLiteral("learners"), 40},
                                         {QStringLiteral("seed"), 7},
                                         {QStringLiteral("courses"), 3},
                                         {QStringLiteral("completedShare"), 0.4},
                                         {QStringLiteral("checkedShare"), 0.3}}));
}

void TestManualCheckDialog::cleanupTestCase()
{
    m_controller.reset();
    m_host.stop();
}

void TestManualCheckDialog::dryRunThenApply()
{
    const SandboxState before = state();
    const QJsonObject learner = before.enrolledAndComplete();
    QVERIFY2(!learner.isEmpty(), "the demo data has no enrolled learner who completed in Graphy");
    const QString id = learner[QStringLiteral("$id")].toString();
    const QString eventId = eventIdOf(learner);
    QCOMPARE(before.eventsWithEventId(eventId), 0);

    ManualCheckDialog dialog(m_controller.get(), id, nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("queryEdit"))->text(), id);
    auto *check = dialog.findChild<QPushButton *>(QStringLiteral("checkButton"));
    auto *apply = dialog.findChild<QPushButton *>(QStringLiteral("applyButton"));
    QVERIFY(check->isEnabled());
    QVERIFY(!apply->isEnabled()); // dry run first
    saveScreenshot(&dialog, QStringLiteral("manual-check-empty.png"));

    QTest::mouseClick(check, Qt::LeftButton);
    QVERIFY(dialog.isChecking());
    QVERIFY(!check->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isChecking(), 20000);
    QVERIFY(dialog.lastReport() && dialog.lastReport()->dryRun);
    QVERIFY2(dialog.lastReport()->error.isEmpty(), qPrintable(dialog.lastReport()->error));

    const QString outcome = label(dialog, QStringLiteral("outcome"))->text();
    QVERIFY2(outcome.startsWith(QStringLiteral("Completed")), qPrintable(outcome));
    QVERIFY2(label(dialog, QStringLiteral("progress"))->text().contains(QStringLiteral("%")),
             qPrintable(label(dialog, QStringLiteral("progress"))->text()));
    QVERIFY(label(dialog, QStringLiteral("items"))->text().contains(QStringLiteral("completed")) ||
            label(dialog, QStringLiteral("items"))->text() == QStringLiteral("unknown"));
    const QString graphyJson =
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("graphyJson"))->toPlainText();
    const QJsonObject course = QJsonDocument::fromJson(graphyJson.toUtf8()).object();
    QCOMPARE(course[QStringLiteral("id")].toString(), learner[QStringLiteral("course_id")].toString());
    QVERIFY(graphyJson.contains(QLatin1Char('\n'))); // pretty-printed
    // The items as a checklist, the raw JSON a tab away.
    const QJsonArray items = course[QStringLiteral("course items")].toArray();
    if (!items.isEmpty()) {
        auto *checklist = dialog.findChild<QTreeWidget *>(QStringLiteral("courseItems"));
        QVERIFY(checklist);
        QCOMPARE(checklist->topLevelItemCount(), items.size());
        QCOMPARE(checklist->topLevelItem(0)->text(0), items.first()[QStringLiteral("title")].toString());
        QVERIFY(checklist->isVisible());
    }
    const QJsonObject writes =
        QJsonDocument::fromJson(
            dialog.findChild<QPlainTextEdit *>(QStringLiteral("writesJson"))->toPlainText().toUtf8())
            .object();
    QCOMPARE(writes[QStringLiteral("event")][QStringLiteral("data")][QStringLiteral("event_id")].toString(),
             eventId);
    QCOMPARE(writes[QStringLiteral("learner")][QStringLiteral("documentId")].toString(), id);
    QCOMPARE(writes[QStringLiteral("learner")][QStringLiteral("data")][QStringLiteral("status")].toString(),
             QStringLiteral("completed"));
    QVERIFY(label(dialog, QStringLiteral("status"))->text().contains(QStringLiteral("nothing was written")));
    QVERIFY(apply->isEnabled());
    saveScreenshot(&dialog, QStringLiteral("manual-check-dry-run.png"));

    // The dry run changed nothing.
    const SandboxState afterDryRun = state();
    QCOMPARE(afterDryRun.eventsWithEventId(eventId), 0);
    QCOMPARE(afterDryRun.events().size(), before.events().size());
    QCOMPARE(afterDryRun.learner(id), learner);

    QSignalSpy checked(&dialog, &ManualCheckDialog::learnerChecked);
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(dialog.isChecking());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isChecking(), 20000);
    QVERIFY(dialog.lastReport() && !dialog.lastReport()->dryRun);
    const QString status = label(dialog, QStringLiteral("status"))->text();
    QVERIFY2(status.startsWith(QStringLiteral("Written: event")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("learner %1 marked completed").arg(id)), qPrintable(status));
    QCOMPARE(checked.count(), 1);
    QCOMPARE(checked.first().first().toString(), id);
    QVERIFY(!apply->isEnabled()); // an applied check needs a new dry run
    saveScreenshot(&dialog, QStringLiteral("manual-check-applied.png"));

    const SandboxState after = state();
    QCOMPARE(after.eventsWithEventId(eventId), 1);
    QCOMPARE(after.events().size(), before.events().size() + 1);
    const QJsonObject updated = after.learner(id);
    QCOMPARE(updated[QStringLiteral("status")].toString(), QStringLiteral("completed"));
    QVERIFY(!updated[QStringLiteral("completed_at")].toString().isEmpty());
    QVERIFY(!updated[QStringLiteral("completion_data")].toString().isEmpty());
}

void TestManualCheckDialog::editingTheQueryNeedsANewDryRun()
{
    const QJsonObject learner = state().enrolledAndComplete();
    QVERIFY(!learner.isEmpty());
    ManualCheckDialog dialog(m_controller.get(), learner[QStringLiteral("email")].toString(), nullptr);
    auto *apply = dialog.findChild<QPushButton *>(QStringLiteral("applyButton"));
    dialog.checkDryRun();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isChecking(), 20000);
    QVERIFY(dialog.lastReport() && !dialog.lastReport()->entries.isEmpty());
    QVERIFY(apply->isEnabled());
    auto *query = dialog.findChild<QLineEdit *>(QStringLiteral("queryEdit"));
    query->setText(query->text() + QStringLiteral("x"));
    QVERIFY(!apply->isEnabled());
    dialog.applyChecked(); // ignored: no dry run of this query
    QVERIFY(!dialog.isChecking());
    dialog.setQuery(learner[QStringLiteral("$id")].toString());
    QVERIFY(!apply->isEnabled());
    QVERIFY(!dialog.lastReport());
    QCOMPARE(state().eventsWithEventId(eventIdOf(learner)), 0);
}

void TestManualCheckDialog::checkerReplacedWhileChecking()
{
    // The app restarts its checker when settings are applied; an open dialog must not dangle.
    auto controller = std::make_unique<cc::CheckerController>();
    QSignalSpy configured(controller->worker(), &cc::CheckerWorker::configured);
    controller->configure(m_settings, cc::WorkerOptions{});
    QTRY_VERIFY_WITH_TIMEOUT(!configured.isEmpty(), 20000); // a worker thread may answer before wait()
    ManualCheckDialog dialog(controller.get(),
                             state().enrolledAndComplete()[QStringLiteral("$id")].toString(), nullptr);
    dialog.checkDryRun();
    QVERIFY(dialog.isChecking());
    controller.reset();
    QVERIFY(!dialog.isChecking());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("checkButton"))->isEnabled());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("applyButton"))->isEnabled());
    const QString status = label(dialog, QStringLiteral("status"))->text();
    QVERIFY2(status.contains(QStringLiteral("restarted")), qPrintable(status));
    dialog.checkDryRun(); // nothing to talk to: ignored
    QVERIFY(!dialog.isChecking());
}

void TestManualCheckDialog::unknownLearnerSaysWhatToDo_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown ID") << QStringLiteral("no-such-learner") << QStringLiteral("no learner with ID");
    QTest::newRow("unknown e-mail") << QStringLiteral("nobody@example.com")
                                    << QStringLiteral("no learner with e-mail");
    QTest::newRow("not an ID") << QStringLiteral("bad id!") << QStringLiteral("neither an e-mail");
}

void TestManualCheckDialog::unknownLearnerSaysWhatToDo()
{
    QFETCH(QString, query);
    QFETCH(QString, expected);
    ManualCheckDialog dialog(m_controller.get(), query, nullptr);
    dialog.checkDryRun();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isChecking(), 20000);
    const QString status = label(dialog, QStringLiteral("status"))->text();
    QVERIFY2(status.contains(expected), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("Check the ID or e-mail")), qPrintable(status));
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("applyButton"))->isEnabled());
    if (QTest::currentDataTag() == QLatin1String("unknown e-mail"))
        saveScreenshot(&dialog, QStringLiteral("manual-check-not-found.png"));
}

bool TestManualCheckDialog::patchLearner(const QString &id, const QJsonObject &data)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(
        QUrl(m_settings.appwrite.endpoint.toString() +
             QStringLiteral("/databases/%1/collections/%2/documents/%3")
                 .arg(m_settings.appwrite.databaseId, m_settings.learnersCollection, id)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-Appwrite-Project", m_settings.appwrite.projectId.toUtf8());
    request.setRawHeader("X-Appwrite-Key", m_settings.appwrite.apiKey.toUtf8());
    QNetworkReply *reply = nam.sendCustomRequest(
        request, "PATCH", QJsonDocument(QJsonObject{{QStringLiteral("data"), data}}).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const bool answered = finished.wait(15000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return answered && status == 200;
}

void TestManualCheckDialog::notEnrolledNeedsConfirmation_data()
{
    QTest::addColumn<int>("answer");
    QTest::addColumn<bool>("certified");
    QTest::newRow("Cancel") << int(QMessageBox::Cancel) << false;
    QTest::newRow("Certify anyway") << int(QMessageBox::Yes) << true;
}

void TestManualCheckDialog::notEnrolledNeedsConfirmation()
{
    QFETCH(int, answer);
    QFETCH(bool, certified);
    const QJsonObject learner = state().enrolledAndComplete();
    const QString id = learner[QStringLiteral("$id")].toString();
    QVERIFY(patchLearner(id, {{QStringLiteral("status"), QStringLiteral("refunded")}}));
    ManualCheckDialog dialog(m_controller.get(), id, nullptr);
    dialog.show();
    dialog.checkDryRun();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isChecking(), 20000);
    QVERIFY(dialog.lastReport() && dialog.lastReport()->entries.size() == 1);
    const auto &entry = dialog.lastReport()->entries.constFirst();
    QCOMPARE(entry.result.outcome, cc::LearnerOutcome::Skipped);
    QVERIFY2(entry.confirmationNeeded.contains(QStringLiteral("refunded")),
             qPrintable(entry.confirmationNeeded));
    const QString status = label(dialog, QStringLiteral("status"))->text();
    QVERIFY2(status.contains(QStringLiteral("1 learner is not enrolled: Apply asks before certifying")),
             qPrintable(status));
    saveScreenshot(&dialog, QStringLiteral("manual-check-not-enrolled.png"));

    cc::test::answerNextMessageBox(static_cast<QMessageBox::StandardButton>(answer));
    dialog.applyChecked();
    if (certified)
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isChecking() && dialog.lastReport() && !dialog.lastReport()->dryRun,
                                 20000);
    QVERIFY(!dialog.isChecking());
    const SandboxState after = state();
    QCOMPARE(after.eventsWithEventId(eventIdOf(learner)), certified ? 1 : 0);
    QCOMPARE(after.learner(id)[QStringLiteral("status")].toString(),
             certified ? QStringLiteral("completed") : QStringLiteral("refunded"));
}

QTEST_MAIN(TestManualCheckDialog)
#include "tst_manual_check_dialog.moc"
