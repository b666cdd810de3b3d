// One desktop instance per user: claim, hand-over of a later launch's command line, recovery of
// a lock left by a killed process. The cross-process cases run the real completion-checker.
#include "session/SingleInstance.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <thread>

using namespace cc;

class tst_SingleInstance : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void secondClaimIsSecondary();
    void isRunningProbesWithoutTaking();
    void handOverInProcess();
    void keysSeparateSettingsFilesAndTheDemo();
    void laterLaunchOfTheAppHandsOverAndExits();
    void lockOfAKilledAppIsRecovered();
    void noAnswerIsAClearError();
    void launchWhileTheOtherQuitsTakesOver();

private:
    QProcessEnvironment appEnvironment() const;

    QTemporaryDir m_runtime; // XDG_RUNTIME_DIR for this test and the apps it starts
    QTemporaryDir m_home;
};

void tst_SingleInstance::initTestCase()
{
    QVERIFY(m_runtime.isValid() && m_home.isValid());
    qputenv("XDG_RUNTIME_DIR", m_runtime.path().toLocal8Bit());
}

QProcessEnvironment tst_SingleInstance::appEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_runtime.path());
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path() + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.path() + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env;
}

void tst_SingleInstance::secondClaimIsSecondary()
{
    QTemporaryDir dir;
    SingleInstance first(QStringLiteral("k1"), dir.path());
    SingleInstance second(QStringLiteral("k1"), dir.path());
    SingleInstance other(QStringLiteral("k2"), dir.path());
    QCOMPARE(first.claim(), SingleInstance::Role::Primary);
    QCOMPARE(second.claim(), SingleInstance::Role::Secondary);
    QCOMPARE(other.claim(), SingleInstance::Role::Primary);
}

void tst_SingleInstance::isRunningProbesWithoutTaking()
{
    // How a launch for the real services learns that a demo runs (it says so, see main.cpp).
    QTemporaryDir dir;
    QVERIFY(!SingleInstance::isRunning(QStringLiteral("demo"), dir.path()));
    SingleInstance demo(QStringLiteral("demo"), dir.path());
    QCOMPARE(demo.claim(), SingleInstance::Role::Primary);
    QVERIFY(SingleInstance::isRunning(QStringLiteral("demo"), dir.path()));
    QVERIFY(SingleInstance::isRunning(QStringLiteral("demo"), dir.path())); // the probe left it alone
    QVERIFY(demo.isPrimary());
    demo.release();
    QVERIFY(!SingleInstance::isRunning(QStringLiteral("demo"), dir.path()));
}

void tst_SingleInstance::handOverInProcess()
{
    QTemporaryDir dir;
    SingleInstance primary(QStringLiteral("k"), dir.path());
    QCOMPARE(primary.claim(), SingleInstance::Role::Primary);
    QSignalSpy received(&primary, &SingleInstance::argumentsReceived);
    const QStringList args{QStringLiteral("completion-checker"), QStringLiteral("--gui"),
                           QStringLiteral("--check"), QStringLiteral("ana@example.com")};
    std::atomic<bool> sent = false;
    std::atomic<bool> done = false;
    // The sender blocks (as a second launch does before its event loop); the primary answers
    // from this thread's event loop.
    std::thread sender([&] {
        SingleInstance secondary(QStringLiteral("k"), dir.path());
        if (secondary.claim() == SingleInstance::Role::Secondary)
            sent = secondary.sendToPrimary(args, 5000);
        done = true;
    });
    QVERIFY(received.wait(5000));
    QTRY_VERIFY(done); // keeps this thread's event loop going for the acknowledgement
    sender.join();
    QVERIFY(sent);
    QCOMPARE(received.at(0).at(0).toStringList(), args);
}

void tst_SingleInstance::keysSeparateSettingsFilesAndTheDemo()
{
    const QString plain = SingleInstance::keyFor(QString());
    QCOMPARE(plain, QStringLiteral("completion-checker"));
    QVERIFY(SingleInstance::keyFor(QStringLiteral("/a/one.ini")) != plain);
    QVERIFY(SingleInstance::keyFor(QStringLiteral("/a/one.ini")) !=
            SingleInstance::keyFor(QStringLiteral("/a/two.ini")));
    QCOMPARE(SingleInstance::keyFor(QStringLiteral("/a/one.ini")),
             SingleInstance::keyFor(QStringLiteral("/a/one.ini")));
    QVERIFY(SingleInstance::keyFor(QString(), true) != plain);
}

void tst_SingleInstance::laterLaunchOfTheAppHandsOverAndExits()
{
    const QString ini = m_home.filePath(QStringLiteral("handover.ini"));
    SingleInstance primary(SingleInstance::keyFor(ini, true));
    QCOMPARE(primary.claim(), SingleInstance::Role::Primary);
    QSignalSpy received(&primary, &SingleInstance::argumentsReceived);

    QProcess app;
    app.setProcessEnvironment(appEnvironment());
    app.start(QStringLiteral(CC_CHECKER_BINARY),
              {QStringLiteral("--sandbox"), QStringLiteral("--config"), ini, QStringLiteral("--gui"),
               QStringLiteral("--check"), QStringLiteral("learner-0007")});
    QVERIFY(received.wait(15000));
    QTRY_COMPARE_WITH_TIMEOUT(app.state(), QProcess::NotRunning, 15000);
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 0);
    QVERIFY(QString::fromLocal8Bit(app.readAllStandardError()).contains(QStringLiteral("handed over")));
    const QStringList args = received.at(0).at(0).toStringList();
    QVERIFY2(args.contains(QStringLiteral("--check")) && args.contains(QStringLiteral("learner-0007")),
             qPrintable(args.join(QLatin1Char(' '))));
}

void tst_SingleInstance::lockOfAKilledAppIsRecovered()
{
    const QString ini = m_home.filePath(QStringLiteral("killed.ini"));
    const QString key = SingleInstance::keyFor(ini, true);
    QProcess app;
    app.setProcessEnvironment(appEnvironment());
    app.start(QStringLiteral(CC_CHECKER_BINARY),
              {QStringLiteral("--sandbox"), QStringLiteral("--minimized"), QStringLiteral("--config"), ini});
    QVERIFY(app.waitForStarted());
    SingleInstance probe(key);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(probe.socketPath()), 15000);
    QCOMPARE(probe.claim(), SingleInstance::Role::Secondary);

    app.kill(); // SIGKILL: no clean-up, the lock file and socket stay behind
    QVERIFY(app.waitForFinished(10000));
    QVERIFY(QFile::exists(probe.lockPath()));

    SingleInstance next(key);
    QCOMPARE(next.claim(), SingleInstance::Role::Primary);
    QVERIFY2(next.error().isEmpty(), qPrintable(next.error()));
    // ... and it answers later launches on the socket the dead one left.
    QSignalSpy received(&next, &SingleInstance::argumentsReceived);
    std::atomic<bool> sent = false;
    std::atomic<bool> done = false;
    std::thread sender([&] {
        SingleInstance later(key);
        if (later.claim() == SingleInstance::Role::Secondary)
            sent = later.sendToPrimary({QStringLiteral("completion-checker")}, 5000);
        done = true;
    });
    QVERIFY(received.wait(5000));
    QTRY_VERIFY(done);
    sender.join();
    QVERIFY(sent);
}

void tst_SingleInstance::noAnswerIsAClearError()
{
    QTemporaryDir dir;
    SingleInstance primary(QStringLiteral("mute"), dir.path());
    QCOMPARE(primary.claim(), SingleInstance::Role::Primary);
    QFile::remove(primary.socketPath()); // the lock is held, but nobody listens any more
    SingleInstance secondary(QStringLiteral("mute"), dir.path());
    QCOMPARE(secondary.claim(), SingleInstance::Role::Secondary);
    QVERIFY(!secondary.sendToPrimary({QStringLiteral("x")}, 300));
    QVERIFY2(secondary.error().contains(QStringLiteral("does not answer")), qPrintable(secondary.error()));
}

void tst_SingleInstance::launchWhileTheOtherQuitsTakesOver()
{
    QTemporaryDir dir;
    SingleInstance quitting(QStringLiteral("q"), dir.path());
    QCOMPARE(quitting.claim(), SingleInstance::Role::Primary);
    quitting.stopListening(); // aboutToQuit: the checker is still flushing, the lock still held
    std::atomic<bool> delivered = true;
    std::atomic<bool> tookOver = false;
    std::atomic<bool> done = false;
    std::thread launch([&] {
        SingleInstance later(QStringLiteral("q"), dir.path());
        if (later.claim() == SingleInstance::Role::Secondary) {
            delivered = later.sendToPrimary({QStringLiteral("completion-checker")}, 5000);
            tookOver = later.isPrimary();
        }
        done = true;
    });
    QTimer::singleShot(300, this, [&quitting] { quitting.release(); }); // shutdown complete
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    launch.join();
    QVERIFY(!delivered);
    QVERIFY(tookOver);
}

QTEST_GUILESS_MAIN(tst_SingleInstance)
#include "tst_single_instance.moc"
