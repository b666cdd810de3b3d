// logind's PrepareForSleep over a real D-Bus: a fake logind on a private session bus
// (dbus-run-session) sends the signal; the watcher hears it and the system hold follows.
#include "session/SleepWatcher.h"
#include "session/SystemHold.h"
#include "support/ManualClock.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QSignalSpy>
#include <QTest>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

using namespace cc;

// logind's Inhibit, just enough of it: each call hands out the write end of a new pipe and keeps
// the read end, which sees end-of-file once every copy of the write end is closed (the lock is
// released).
class FakeLogind : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.login1.Manager")
public:
    QList<int> readEnds;
    QStringList modes;
    ~FakeLogind() override
    {
        for (int fd : readEnds)
            ::close(fd);
    }
    // True when the lock handed out by call `i` has been let go.
    bool released(int i) const
    {
        pollfd p{readEnds.at(i), POLLIN, 0};
        return ::poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLIN));
    }

public slots:
    QDBusUnixFileDescriptor Inhibit(const QString &what, const QString &, const QString &,
                                    const QString &mode)
    {
        modes << what + QLatin1Char(':') + mode;
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            return {};
        readEnds << fds[0];
        QDBusUnixFileDescriptor handed(fds[1]); // duplicates it
        ::close(fds[1]);
        return handed;
    }
};

class tst_SleepWatcher : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void withoutLogindItSaysWhy();
    void hearsPrepareForSleepAndHoldFollows();
    void ignoresTheSameSignalFromAnotherSender();
    void delaysSleepUntilReleasedAndTakesTheLockAgainAfterWaking();

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

void tst_SleepWatcher::delaysSleepUntilReleasedAndTakesTheLockAgainAfterWaking()
{
    QDBusConnection bus =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("logind3"));
    FakeLogind logind;
    QVERIFY(bus.registerObject(QString::fromLatin1(SleepWatcher::kPath), &logind,
                               QDBusConnection::ExportAllSlots));
    QVERIFY(bus.registerService(QString::fromLatin1(SleepWatcher::kService)));

    SleepWatcher watcher(QDBusConnection::sessionBus());
    watcher.setReleaseAfterMs(300);
    QVERIFY(watcher.isAvailable());
    QTRY_VERIFY(watcher.holdsDelayLock());
    QCOMPARE(logind.modes, QStringList{QStringLiteral("sleep:delay")});
    QVERIFY(!logind.released(0));

    // Going to sleep: the lock stays until the checker is ready, then goes.
    QSignalSpy heard(&watcher, &SleepWatcher::prepareForSleep);
    sendPrepareForSleep(bus, true);
    QVERIFY(heard.wait(5000));
    QVERIFY(!logind.released(0));
    watcher.releaseDelayLock();
    QVERIFY(!watcher.holdsDelayLock());
    QTRY_VERIFY(logind.released(0));

    // Awake again: a new lock for the next sleep.
    sendPrepareForSleep(bus, false);
    QTRY_COMPARE(logind.readEnds.size(), 2);
    QTRY_VERIFY(watcher.holdsDelayLock());

    // Nobody releases it this time: the fallback timer does, so the machine is never kept up.
    QSignalSpy lock(&watcher, &SleepWatcher::delayLockChanged);
    sendPrepareForSleep(bus, true);
    QVERIFY(lock.wait(5000));
    QCOMPARE(lock.at(0).at(0).toBool(), false);
    QTRY_VERIFY(logind.released(1));

    // Suspended so fast that the fallback had not fired yet: after waking, the lock still held is
    // kept for the next sleep (the stale fallback must not release it).
    sendPrepareForSleep(bus, false);
    QTRY_COMPARE(logind.readEnds.size(), 3);
    QTRY_VERIFY(watcher.holdsDelayLock());
    QSignalSpy heardAgain(&watcher, &SleepWatcher::prepareForSleep);
    sendPrepareForSleep(bus, true);
    sendPrepareForSleep(bus, false);
    QTRY_COMPARE(heardAgain.size(), 2);
    QSignalSpy lockAfterWake(&watcher, &SleepWatcher::delayLockChanged);
    QVERIFY(!lockAfterWake.wait(800)); // longer than the 300 ms fallback: nothing let it go
    QVERIFY(watcher.holdsDelayLock());
    QVERIFY(!logind.released(2));

    bus.unregisterService(QString::fromLatin1(SleepWatcher::kService));
    QDBusConnection::disconnectFromBus(QStringLiteral("logind3"));
}

QTEST_GUILESS_MAIN(tst_SleepWatcher)
#include "tst_sleep_watcher.moc"
