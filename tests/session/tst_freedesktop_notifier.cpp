// Notifications without a tray, over a real D-Bus: a fake notification service on a private
// session bus (dbus-run-session) receives Notify and sends ActionInvoked back.
#include "session/FreedesktopNotifier.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QSignalSpy>
#include <QTest>

using namespace cc;

// The service side of org.freedesktop.Notifications, just enough of it.
class FakeNotificationService : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call
    {
        QString summary;
        QString body;
        uint replacesId;
        QStringList actions;
        QVariantMap hints;
    };
    QList<Call> calls;
    uint nextId = 41;

public slots:
    uint Notify(const QString &, uint replacesId, const QString &, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int)
    {
        calls << Call{summary, body, replacesId, actions, hints};
        return replacesId != 0 ? replacesId : ++nextId;
    }
};

class tst_FreedesktopNotifier : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void notServedIsUnavailable();
    void showsAndReportsClicks();

private:
    static DesktopNotification note(DesktopNotification::Kind kind, DesktopNotification::Target target,
                                    const QString &title)
    {
        DesktopNotification n;
        n.kind = kind;
        n.target = target;
        n.title = title;
        n.body = QStringLiteral("body");
        n.severity = DesktopNotification::Severity::Critical;
        return n;
    }
};

void tst_FreedesktopNotifier::initTestCase()
{
    if (!QDBusConnection::sessionBus().isConnected())
        QSKIP("No D-Bus session bus: this test runs under dbus-run-session (installed by scripts/setup.sh).");
}

void tst_FreedesktopNotifier::notServedIsUnavailable()
{
    FreedesktopNotifier notifier(QDBusConnection::sessionBus());
    QVERIFY(!notifier.isAvailable());
    QSignalSpy failed(&notifier, &FreedesktopNotifier::failed);
    notifier.show(note(DesktopNotification::Kind::Completions, DesktopNotification::Target::Learners, "x"));
    QVERIFY(failed.wait(5000)); // said, not silently lost
}

void tst_FreedesktopNotifier::showsAndReportsClicks()
{
    QDBusConnection server =
        QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("fake-notifd"));
    FakeNotificationService service;
    QVERIFY(server.registerObject(QString::fromLatin1(FreedesktopNotifier::kPath), &service,
                                  QDBusConnection::ExportAllSlots));
    QVERIFY(server.registerService(QString::fromLatin1(FreedesktopNotifier::kService)));

    FreedesktopNotifier notifier(QDBusConnection::sessionBus());
    QVERIFY(notifier.isAvailable());
    QSignalSpy shown(&notifier, &FreedesktopNotifier::shown);
    QSignalSpy clicked(&notifier, &FreedesktopNotifier::clicked);

    notifier.show(note(DesktopNotification::Kind::ServiceDown, DesktopNotification::Target::Health,
                       QStringLiteral("Graphy is unreachable")));
    QVERIFY(shown.wait(5000));
    QCOMPARE(service.calls.size(), 1);
    QCOMPARE(service.calls[0].summary, QStringLiteral("Graphy is unreachable"));
    QCOMPARE(service.calls[0].replacesId, 0u);
    QVERIFY(service.calls[0].actions.contains(QStringLiteral("default")));
    QCOMPARE(service.calls[0].hints.value(QStringLiteral("urgency")).toInt(), 2);
    const uint first = shown.at(0).at(0).toUInt();

    // The same kind again replaces it instead of stacking a second one.
    notifier.show(note(DesktopNotification::Kind::ServiceDown, DesktopNotification::Target::Health,
                       QStringLiteral("Appwrite is unreachable")));
    QVERIFY(shown.wait(5000));
    QCOMPARE(service.calls[1].replacesId, first);

    notifier.show(note(DesktopNotification::Kind::Completions, DesktopNotification::Target::Learners,
                       QStringLiteral("7 learners completed")));
    QVERIFY(shown.wait(5000));
    const uint completions = shown.at(2).at(0).toUInt();
    QVERIFY(completions != first);

    // The user clicks the completions notification: the learners panel is asked for.
    QDBusMessage signal = QDBusMessage::createSignal(QString::fromLatin1(FreedesktopNotifier::kPath),
                                                     QStringLiteral("org.freedesktop.Notifications"),
                                                     QStringLiteral("ActionInvoked"));
    signal << completions << QStringLiteral("default");
    QVERIFY(server.send(signal));
    QVERIFY(clicked.wait(5000));
    QCOMPARE(clicked.at(0).at(0).value<DesktopNotification::Target>(), DesktopNotification::Target::Learners);

    server.unregisterService(QString::fromLatin1(FreedesktopNotifier::kService));
    QDBusConnection::disconnectFromBus(QStringLiteral("fake-notifd"));
}

QTEST_GUILESS_MAIN(tst_FreedesktopNotifier)
#include "tst_freedesktop_notifier.moc"
