// The first-start welcome: each button sets the choice and closes the dialog.
#include "ui/WelcomeDialog.h"

#include <QCommandLinkButton>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using cc::WelcomeDialog;
Q_DECLARE_METATYPE(cc::WelcomeDialog::Choice)

class TestWelcomeDialog : public QObject
{
    Q_OBJECT

private slots:
    void noteSaysADemoIsRunning()
    {
        WelcomeDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("welcomeNote"));
        QVERIFY(note && !note->isVisible());
        dialog.setNote(QStringLiteral("A demo is already running"));
        QVERIFY(note->isVisible());
        QCOMPARE(note->text(), QStringLiteral("A demo is already running"));
        dialog.setNote(QString());
        QVERIFY(!note->isVisible());
    }

    void buttonsSetTheChoice_data()
    {
        QTest::addColumn<QString>("button");
        QTest::addColumn<WelcomeDialog::Choice>("choice");
        QTest::newRow("try with demo data") << QStringLiteral("demoButton") << WelcomeDialog::Choice::Demo;
        QTest::newRow("connect to my services")
            << QStringLiteral("connectButton") << WelcomeDialog::Choice::Connect;
    }

    void buttonsSetTheChoice()
    {
        QFETCH(QString, button);
        QFETCH(WelcomeDialog::Choice, choice);
        WelcomeDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.choice(), WelcomeDialog::Choice::Cancel);
        auto *b = dialog.findChild<QCommandLinkButton *>(button);
        QVERIFY(b);
        QVERIFY(!b->text().isEmpty());
        QVERIFY(!b->description().isEmpty());
        if (qEnvironmentVariableIsSet("CC_SCREENSHOT_DIR"))
            dialog.grab().save(qEnvironmentVariable("CC_SCREENSHOT_DIR") +
                               QStringLiteral("/welcome-dialog.png"));
        QSignalSpy finished(&dialog, &QDialog::finished);
        QTest::mouseClick(b, Qt::LeftButton);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.choice(), choice);
        QVERIFY(!dialog.isVisible());
    }

    void closingIsCancel()
    {
        WelcomeDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(dialog.choice(), WelcomeDialog::Choice::Cancel);
    }
};

QTEST_MAIN(TestWelcomeDialog)
#include "tst_welcome_dialog.moc"
