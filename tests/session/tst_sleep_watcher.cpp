// logind's PrepareForSleep over a real D-Bus: a fake logind on a private session bus
// (dbus-run-session) sends the signal; the watcher hears it and the system hold follows.
#include "checker/Clock.h"
#include "session/SleepWatcher.h"
#include "session/SystemHold.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QSignalSpy>
#include <QTest>

using namespace cc;

class tst_SleepWatcher : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void withoutLogindItSaysWhy();
    void hearsPrepareForSleepAndHoldFollows();
    void ignoresTheSameSignalFromAnotherSender();

private:
    static void sendPrepareForSleep(QDBusConnection &from, bool goingToSleep);
};

void tst_SleepWatcher::initTestCase()
{
    if (!QDBusConnection::sessionBus().isConnected())
        QSKIP("No D-Bus session bus: this test runs under dbus-run-session (installed by scripts/setup.sh).");
}

void tst_SleepWatcher::sendPrepareForSleep(QDBusConnection &from, bool goingToSleep)
{
    QDBusMessage signal = QDBusMessage::createSignal(QString::fromLatin1(SleepWatcher::kPath),
                                                     QString::fromLatin1(SleepWatcher::kInterface),
                                                     QStringLiteral("PrepareForSleep"));
    signal << goingToSleep;
    QVERIFY(from.send(signal));
}

void tst_SleepWatcher::withoutLogindItSaysWhy()
{
    SleepWatcher watcher(QDBusConnection::sessionBus());
    QVERIFY(!watcher.isAvailable());
    QVERIFY2(watcher.unavailableReason().contains(QStringLiteral("logind")),
             qPrintable(watcher.unavailableReason()));
}

void tst_SleepWatcher::hearsPrepareForSleepAndHoldFollows()
{
    QDBusConnection logind =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fake-logind"));
    QVERIFY(logind.isConnected());
    QVERIFY(logind.registerService(QString::fromLatin1(SleepWatcher::kService)));

    SleepWatcher watcher(QDBusConnection::sessionBus());
    QVERIFY2(watcher.isAvailable(), qPrintable(watcher.unavailableReason()));
    ManualClock clock(QDateTime(QDate(2026, 11, 28), QTime(23, 0), Qt::UTC));
    SystemHold hold(&clock);
    connect(&watcher, &SleepWatcher::prepareForSleep, &hold, &SystemHold::prepareForSleep);
    QSignalSpy heard(&watcher, &SleepWatcher::prepareForSleep);
    QSignalSpy released(&hold, &SystemHold::released);

    sendPrepareForSleep(logind, true);
    QVERIFY(heard.wait(5000));
    QCOMPARE(heard.at(0).at(0).toBool(), true);
    QCOMPARE(hold.phase(), SystemHold::Phase::Asleep);

    clock.sleep(2 * 3600 * 1000);
    sendPrepareForSleep(logind, false);
    QVERIFY(heard.wait(5000));
    QCOMPARE(heard.at(1).at(0).toBool(), false);
    QCOMPARE(hold.phase(), SystemHold::Phase::WakeGrace);
    clock.advance(SystemHold::kWakeGraceMs);
    hold.tick();
    QCOMPARE(released.size(), 1);

    logind.unregisterService(QString::fromLatin1(SleepWatcher::kService));
    QDBusConnection::disconnectFromBus(QStringLiteral("fake-logind"));
}

void tst_SleepWatcher::ignoresTheSameSignalFromAnotherSender()
{
    QDBusConnection logind =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("logind2"));
    QVERIFY(logind.registerService(QString::fromLatin1(SleepWatcher::kService)));
    QDBusConnection impostor =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("impostor"));
    SleepWatcher watcher(QDBusConnection::sessionBus());
    QVERIFY(watcher.isAvailable());
    QSignalSpy heard(&watcher, &SleepWatcher::prepareForSleep);
    sendPrepareForSleep(impostor, true); // not logind: must not put the checker to sleep
    sendPrepareForSleep(logind, false);  // then the real one, so there is something to wait for
    QVERIFY(heard.wait(5000));
    QCOMPARE(heard.size(), 1);
    QCOMPARE(heard.at(0).at(0).toBool(), false);
    logind.unregisterService(QString::fromLatin1(SleepWatcher::kService));
    QDBusConnection::disconnectFromBus(QStringLiteral("logind2"));
    QDBusConnection::disconnectFromBus(QStringLiteral("impostor"));
}

QTEST_GUILESS_MAIN(tst_SleepWatcher)
#include "tst_sleep_watcher.moc"
