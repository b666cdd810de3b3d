// ErrorsPanel fed through the worker's signals: rows appear grouped, details, copy, retry, clear.
#include "checker/CheckerController.h"
#include "models/ErrorLogModel.h"
#include "models/ModelRoles.h"
#include "support/DialogScreenshot.h"
#include "support/MessageBoxAnswer.h"
#include "support/PanelSamples.h"
#include "ui/ErrorDetailsView.h"
#include "ui/ErrorsPanel.h"
#include "ui/InlineBanner.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using cc::ErrorEntry;
using cc::ErrorLogModel;

namespace {
const QDateTime kNow = QDateTime::currentDateTimeUtc();

struct Rig
{
    cc::CheckerController controller;
    cc::ErrorsPanel panel{&controller};
    cc::CheckerWorker *worker() { return controller.worker(); }
};

QPushButton *button(const QWidget &panel, const QString &textStart)
{
    for (QPushButton *b : panel.findChildren<QPushButton *>()) {
        if (b->text().remove(QLatin1Char('&')).startsWith(textStart))
            return b;
    }
    return nullptr;
}

} // namespace

class TestErrorsPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { cc::CheckerController::registerMetaTypes(); }
    void emptyStateSaysWhatShowsUpHere();
    void loggedErrorsAppearGrouped();
    void selectingAnEntryShowsItsDetails();
    void copyPutsDetailsOnTheClipboard();
    void retryEmitsTheAffectedLearners_data();
    void retryEmitsTheAffectedLearners();
    void clearAsksThenClearsThroughTheChecker_data();
    void clearAsksThenClearsThroughTheChecker();
    void refusedKeyOffersSettingsUntilResolved();
};

void TestErrorsPanel::emptyStateSaysWhatShowsUpHere()
{
    Rig rig;
    rig.panel.resize(1000, 600);
    rig.panel.show();
    const auto *empty = rig.panel.findChild<QLabel *>(QStringLiteral("errorsEmptyState"));
    QVERIFY(empty->isVisible());
    QVERIFY(empty->text().startsWith(QStringLiteral("No errors.")));
    QVERIFY(!rig.panel.view()->isVisible());
    QCOMPARE(rig.panel.errorCount(), 0);
    QVERIFY(!button(rig.panel, QStringLiteral("Clear"))->isEnabled());
}

void TestErrorsPanel::loggedErrorsAppearGrouped()
{
    Rig rig;
    rig.panel.resize(1000, 600);
    rig.panel.show();
    QSignalSpy counts(&rig.panel, &cc::ErrorsPanel::errorCountChanged);
    emit rig.worker()->errorsLoaded(samples::errors(30, kNow.addSecs(-3600)));
    QCOMPARE(rig.panel.errorCount(), 30);
    QCOMPARE(rig.panel.view()->model()->rowCount(), 3);
    QVERIFY(rig.panel.view()->isVisible());
    QVERIFY(rig.panel.view()->isFirstColumnSpanned(0, QModelIndex()));

    QList<ErrorEntry> batch;
    batch << samples::error(0, kNow, QStringLiteral("graphy"), QStringLiteral("timeout"),
                            QStringLiteral("learner-9"), 0)
          << samples::error(0, kNow, QStringLiteral("store"), QStringLiteral("write_failed"), QString(), 0);
    emit rig.worker()->errorsLogged(batch);
    QCOMPARE(rig.panel.errorCount(), 32);
    QCOMPARE(rig.panel.model()->causeCount(), 4);
    QCOMPARE(counts.size(), 2);
    QCOMPARE(counts.last().first().toInt(), 32);
    // The newest errors' causes come first; the new cause's row spans the columns too.
    QCOMPARE(rig.panel.model()->index(0, 0).data(cc::CauseKeyRole).toString().section(QLatin1Char('/'), 0, 0),
             QStringLiteral("graphy"));
    const QModelIndex store = rig.panel.model()->causeIndex(QStringLiteral("store/write_failed"));
    QVERIFY(store.isValid());
    QVERIFY(rig.panel.view()->isFirstColumnSpanned(store.row(), QModelIndex()));
    QCOMPARE(rig.panel.findChild<QLabel *>(QStringLiteral("errorSummary"))->text(),
             QStringLiteral("32 open errors in 4 causes, newest first"));
}

void TestErrorsPanel::selectingAnEntryShowsItsDetails()
{
    Rig rig;
    emit rig.worker()->errorsLoaded(samples::errors(30, kNow));
    const QModelIndex cause =
        rig.panel.model()->causeIndex(QStringLiteral("appwrite/document_invalid_structure"));
    const QModelIndex entry = rig.panel.model()->index(0, 0, cause);
    rig.panel.view()->setCurrentIndex(entry);
    const QString details = rig.panel.detailsView()->toPlainText();
    const ErrorEntry *e = rig.panel.model()->entryAt(entry);
    QVERIFY(details.contains(e->message));
    QVERIFY(details.contains(QStringLiteral("PATCH /v1/databases/main/collections/learners/documents/") +
                             e->learnerId));
    QVERIFY(details.contains(QStringLiteral("What happens next")));
    QVERIFY(details.contains(QStringLiteral("HTTP status: 400")));
    QVERIFY(rig.panel.detailsView()->isReadOnly());
    // A cause: its summary and its entries.
    rig.panel.view()->setCurrentIndex(cause);
    QVERIFY(rig.panel.detailsView()->toPlainText().startsWith(rig.panel.model()->causeSummary(cause)));
    QVERIFY(rig.panel.detailsView()->toPlainText().contains(QStringLiteral("learners affected")));
}

void TestErrorsPanel::copyPutsDetailsOnTheClipboard()
{
    Rig rig;
    emit rig.worker()->errorsLoaded(samples::errors(30, kNow));
    QPushButton *copy = button(rig.panel, QStringLiteral("Copy"));
    QVERIFY(!copy->isEnabled()); // nothing selected
    const QModelIndex entry = rig.panel.model()->index(2, 0, rig.panel.model()->index(0, 0));
    rig.panel.view()->setCurrentIndex(entry);
    QVERIFY(copy->isEnabled());
    QGuiApplication::clipboard()->clear();
    copy->click();
    const QString copied = QGuiApplication::clipboard()->text();
    QCOMPARE(copied, cc::ErrorDetailsView::entryText(*rig.panel.model()->entryAt(entry)));
    QVERIFY(copied.contains(QStringLiteral("[redacted]")));
}

void TestErrorsPanel::retryEmitsTheAffectedLearners_data()
{
    QTest::addColumn<bool>("wholeCause");
    QTest::newRow("one entry") << false;
    QTest::newRow("a whole cause") << true;
}

void TestErrorsPanel::retryEmitsTheAffectedLearners()
{
    QFETCH(bool, wholeCause);
    Rig rig;
    QList<ErrorEntry> errors;
    for (const char *learner : {"l1", "l2", "l1", "l3"})
        errors << samples::error(0, kNow, QStringLiteral("graphy"), QStringLiteral("general_server_error"),
                                 QString::fromLatin1(learner));
    errors << samples::error(0, kNow.addSecs(-5), QStringLiteral("appwrite"),
                             QStringLiteral("general_unknown"), QString());
    emit rig.worker()->errorsLogged(errors);
    QSignalSpy retry(&rig.panel, &cc::ErrorsPanel::retryRequested);
    QPushButton *retryButton = button(rig.panel, QStringLiteral("Retry"));
    // A run-level error names no learner: nothing to retry.
    rig.panel.view()->setCurrentIndex(
        rig.panel.model()->causeIndex(QStringLiteral("appwrite/general_unknown")));
    QVERIFY(!retryButton->isEnabled());

    const QModelIndex cause = rig.panel.model()->causeIndex(QStringLiteral("graphy/general_server_error"));
    rig.panel.view()->setCurrentIndex(wholeCause ? cause : rig.panel.model()->index(1, 0, cause));
    QVERIFY(retryButton->isEnabled());
    retryButton->click();
    QCOMPARE(retry.size(), 1);
    const QStringList ids = retry.first().first().toStringList();
    if (wholeCause) {
        QCOMPARE(ids.size(), 3); // distinct
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()), (QSet<QString>{"l1", "l2", "l3"}));
    } else {
        QCOMPARE(ids,
                 QStringList{rig.panel.model()->entryAt(rig.panel.model()->index(1, 0, cause))->learnerId});
    }
}

void TestErrorsPanel::clearAsksThenClearsThroughTheChecker_data()
{
    QTest::addColumn<bool>("confirm");
    QTest::newRow("confirmed") << true;
    QTest::newRow("cancelled") << false;
}

void TestErrorsPanel::clearAsksThenClearsThroughTheChecker()
{
    QFETCH(bool, confirm);
    Rig rig;
    rig.panel.show();
    emit rig.worker()->errorsLoaded(samples::errors(30, kNow));
    QSignalSpy cleared(rig.worker(), &cc::CheckerWorker::errorsCleared);
    cc::test::answerNextMessageBox(confirm ? QMessageBox::Yes : QMessageBox::Cancel);
    button(rig.panel, QStringLiteral("Clear"))->click();
    if (confirm) {
        // The checker thread clears its store and answers errorsCleared; the panel empties then.
        // (The answer may come before a QSignalSpy::wait would start: poll the count instead.)
        QTRY_COMPARE_WITH_TIMEOUT(cleared.size(), 1, 5000);
        QTRY_COMPARE(rig.panel.errorCount(), 0);
        QVERIFY(rig.panel.findChild<QLabel *>(QStringLiteral("errorsEmptyState"))->isVisible());
    } else {
        // A round trip through the checker thread: had Clear been sent, its answer would come first.
        QSignalSpy loaded(rig.worker(), &cc::CheckerWorker::learnersLoaded);
        rig.controller.call(&cc::CheckerWorker::loadState);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 5000);
        QCOMPARE(cleared.size(), 0);
        QCOMPARE(rig.panel.errorCount(), 30);
    }
}

void TestErrorsPanel::refusedKeyOffersSettingsUntilResolved()
{
    Rig rig;
    ErrorEntry refused = samples::error(0, kNow, QStringLiteral("appwrite"),
                                        QStringLiteral("general_unknown"), QString(), 401);
    refused.kind = cc::ServiceError::Kind::Http;
    refused.message = QStringLiteral("Server Error");
    emit rig.worker()->errorsLogged({refused});
    auto *banner = rig.panel.findChild<cc::InlineBanner *>(QStringLiteral("errorsBanner"));
    QVERIFY(banner && !banner->isHidden());
    // Says what failed in words, whatever type the server gave, and offers the fix beside it.
    QVERIFY2(banner->text().startsWith(QStringLiteral("Appwrite refused the API key (HTTP 401)")),
             qPrintable(banner->text()));
    rig.panel.resize(900, 500);
    saveScreenshot(&rig.panel, QStringLiteral("errors-refused-key.png"));
    QSignalSpy settings(&rig.panel, &cc::ErrorsPanel::settingsRequested);
    banner->actionButton()->click();
    QCOMPARE(settings.size(), 1);
    QCOMPARE(rig.panel.errorCount(), 1);

    // A run that then finished proves the key works: the error is resolved, kept, not counted.
    QSignalSpy count(&rig.panel, &cc::ErrorsPanel::errorCountChanged);
    cc::ErrorResolution finished;
    finished.at = kNow.addSecs(60);
    finished.wholeRuns = true;
    emit rig.worker()->errorsResolved(finished);
    QTRY_VERIFY(banner->isHidden());
    QCOMPARE(rig.panel.errorCount(), 0);
    QCOMPARE(rig.panel.model()->errorCount(), 1);
    QCOMPARE(count.size(), 1);
    QCOMPARE(count.first().first().toInt(), 0);
    rig.panel.resize(900, 500);
    saveScreenshot(&rig.panel, QStringLiteral("errors-resolved.png"));
}

QTEST_MAIN(TestErrorsPanel)
#include "tst_errors_panel.moc"
