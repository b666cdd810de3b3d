// The notification policy as a unit: a sequence of events in, the notifications out.
#include "session/NotificationPolicy.h"
#include "session/ServiceAvailability.h"
#include "support/ManualClock.h"

#include <QTest>

using namespace cc;

namespace {

// One step of a scenario, written as text so the _data() rows read like a story:
//   "run ok 7"            a finished run with 7 completions
//   "run failed"          a run that could not list learners
//   "run down graphy"     a run cut short: Graphy unreachable
//   "run refused graphy"  a run stopped: Graphy refused the key
//   "breaker graphy open" / "breaker graphy closed"
//   "health ok" / "health down appwrite" / "health refused appwrite"
//   "wait 30"             30 seconds pass
//   "suppress" / "unsuppress"   the grace period after waking starts / ends
//   "disable" / "enable"
//   "run stopped 2"       a run stopped on request (operator, settings change) with 2 completions
//   "run held 4"          a run stopped by a system hold (asleep), 4 completions
//   "forget"              the app forgets the services' state (seen afresh after this)
//   "flush"               the held-back completions timer fired
struct Rig
{
    ManualClock clock{QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC)};
    NotificationPolicy policy{&clock};
    ServiceAvailability services;
    QStringList shown; // "kind:title"

    void record(const QList<DesktopNotification> &ns)
    {
        for (const DesktopNotification &n : ns)
            shown << notificationKindName(n.kind) + QLatin1Char(':') + n.title;
    }
    void transitions(const QList<ServiceTransition> &changes)
    {
        for (const ServiceTransition &c : changes)
            record(policy.serviceChanged(c));
    }
    static ServiceHealth health(const QString &service, bool reachable, bool credentialsOk)
    {
        ServiceHealth h;
        h.service = service;
        h.checked = true;
        h.reachable = reachable;
        h.credentialsOk = credentialsOk;
        h.message = reachable ? QStringLiteral("refused") : QStringLiteral("connection refused");
        return h;
    }
    void step(const QString &text)
    {
        const QStringList w = text.split(QLatin1Char(' '));
        const QString verb = w.value(0);
        if (verb == QLatin1String("wait")) {
            clock.advance(w.value(1).toLongLong() * 1000);
        } else if (verb == QLatin1String("suppress") || verb == QLatin1String("unsuppress")) {
            policy.setOutagesSuppressed(verb == QLatin1String("suppress"));
        } else if (verb == QLatin1String("forget")) {
            services.reset();
        } else if (verb == QLatin1String("flush")) {
            if (policy.completionsDueInMs() == 0)
                record(policy.flushCompletions());
        } else if (verb == QLatin1String("disable") || verb == QLatin1String("enable")) {
            policy.setEnabled(verb == QLatin1String("enable"));
        } else if (verb == QLatin1String("breaker")) {
            transitions(services.onBreakerState(w.value(1), w.value(2)));
        } else if (verb == QLatin1String("health")) {
            HealthReport r;
            r.appwrite = health(QStringLiteral("appwrite"), true, true);
            r.graphy = health(QStringLiteral("graphy"), true, true);
            ServiceHealth &h = w.value(2) == QLatin1String("graphy") ? r.graphy : r.appwrite;
            if (w.value(1) == QLatin1String("down"))
                h = health(h.service, false, false);
            else if (w.value(1) == QLatin1String("refused"))
                h = health(h.service, true, false);
            transitions(services.onHealth(r));
        } else if (verb == QLatin1String("run")) {
            RunRecord run;
            run.state = RunState::Finished;
            run.processed = 10;
            const QString how = w.value(1);
            bool judge = true;
            if (how == QLatin1String("ok")) {
                run.completed = w.value(2).toInt();
            } else if (how == QLatin1String("stopped") || how == QLatin1String("held")) {
                run.state = RunState::Partial;
                run.completed = w.value(2).toInt();
                run.endReason = QStringLiteral("stopped");
                judge = how == QLatin1String("stopped");
            } else if (how == QLatin1String("failed")) {
                run.state = RunState::Failed;
                run.processed = 0;
                run.endReason = QStringLiteral("could not list enrolled learners: HTTP 500");
            } else if (how == QLatin1String("down") || how == QLatin1String("refused")) {
                run.state = RunState::Partial;
                run.serviceUnavailable = true;
                run.unavailableService = w.value(2);
                run.credentialsRefused = how == QLatin1String("refused");
                run.endReason = QStringLiteral("%1 is unavailable").arg(w.value(2));
            } else {
                QFAIL(qPrintable(QStringLiteral("unknown step: ") + text));
            }
            transitions(services.onRunFinished(run));
            record(policy.runFinished(run, judge));
        } else {
            QFAIL(qPrintable(QStringLiteral("unknown step: ") + text));
        }
    }
};

} // namespace

class tst_NotificationPolicy : public QObject
{
    Q_OBJECT
private slots:
    void sequences_data();
    void sequences();
    void flappingServiceIsToldOncePerWindow();
    void burstLimitCapsEverything();
};

void tst_NotificationPolicy::sequences_data()
{
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QStringList>("expected");
    const auto L = [](std::initializer_list<const char *> items) {
        QStringList l;
        for (const char *i : items)
            l << QString::fromUtf8(i);
        return l;
    };

    QTest::newRow("one summary per run, none for a quiet run")
        << L({"run ok 7", "wait 900", "run ok 0", "wait 900", "run ok 1"})
        << L({"completions:7 learners completed", "completions:1 learner completed"});
    QTest::newRow("runs close together: completions folded into the next summary")
        << L({"run ok 3", "wait 10", "run ok 4", "wait 10", "run ok 2", "wait 60", "run ok 0"})
        << L({"completions:3 learners completed", "completions:6 learners completed"});
    QTest::newRow("held-back completions are told when the gap is over, without another run")
        << L({"run ok 3", "wait 10", "run ok 4", "flush", "wait 49", "flush", "wait 1", "flush", "flush"})
        << L({"completions:3 learners completed", "completions:4 learners completed"});
    QTest::newRow("completions of stopped and held runs are told too")
        << L({"run stopped 2", "wait 120", "run held 4"})
        << L({"completions:2 learners completed", "completions:4 learners completed"});
    QTest::newRow("a run stopped on request is not a success after failures")
        << L({"run failed", "run failed", "run failed", "run stopped 0", "run held 0", "run failed"})
        << L({"schedule_failing:3 checker runs in a row failed"});
    QTest::newRow("the same outage seen afresh after a wake is not told again")
        << L({"health refused appwrite", "wait 900", "forget", "health refused appwrite", "wait 900",
              "forget", "run down graphy", "wait 900", "forget", "run down graphy"})
        << L({"credentials_refused:Appwrite refused the API key", "service_down:Graphy is unreachable"});
    QTest::newRow("service down once, not per failed run, then recovered")
        << L({"run down graphy", "wait 900", "run down graphy", "wait 900", "breaker graphy open", "wait 900",
              "run ok 0"})
        << L({"service_down:Graphy is unreachable", "service_recovered:Graphy is reachable again"});
    QTest::newRow("no recovery notice without an outage notice")
        << L({"breaker appwrite closed", "health ok", "run ok 0"}) << QStringList();
    QTest::newRow("credentials refused: told once, and recovery")
        << L({"health refused appwrite", "wait 60", "health refused appwrite", "wait 60", "health ok"})
        << L({"credentials_refused:Appwrite refused the API key",
              "service_recovered:Appwrite is reachable again"});
    QTest::newRow("schedule failing three runs in a row, then succeeding")
        << L({"run failed", "wait 900", "run failed", "wait 900", "run failed", "wait 900", "run failed",
              "wait 900", "run ok 0"})
        << L({"schedule_failing:3 checker runs in a row failed",
              "schedule_recovered:Checker runs are succeeding again"});
    QTest::newRow("a good run resets the failing count")
        << L({"run failed", "run failed", "run ok 0", "run failed", "run failed"}) << QStringList();
    QTest::newRow("outages in the grace period after waking are not told")
        << L({"suppress", "breaker graphy open", "run down graphy", "unsuppress", "breaker graphy closed"})
        << QStringList();
    QTest::newRow("refused credentials are told even in the grace period")
        << L({"suppress", "health refused graphy"}) << L({"credentials_refused:Graphy refused the API key"});
    QTest::newRow("disabled: nothing, and enabling later does not replay old news")
        << L({"disable", "run ok 5", "breaker graphy open", "wait 120", "enable", "breaker graphy closed",
              "run ok 0"})
        << QStringList();
}

void tst_NotificationPolicy::sequences()
{
    QFETCH(QStringList, steps);
    QFETCH(QStringList, expected);
    Rig rig;
    for (const QString &s : steps)
        rig.step(s);
    QCOMPARE(rig.shown, expected);
}

void tst_NotificationPolicy::flappingServiceIsToldOncePerWindow()
{
    Rig rig;
    for (int i = 0; i < 5; ++i) {
        rig.step(QStringLiteral("breaker graphy open"));
        rig.step(QStringLiteral("wait 60"));
        rig.step(QStringLiteral("breaker graphy closed"));
        rig.step(QStringLiteral("wait 60"));
    }
    // Down + recovered the first time; the flaps within 10 minutes are quiet.
    QCOMPARE(rig.shown, QStringList({QStringLiteral("service_down:Graphy is unreachable"),
                                     QStringLiteral("service_recovered:Graphy is reachable again")}));
    rig.step(QStringLiteral("wait 600"));
    rig.step(QStringLiteral("breaker graphy open"));
    QCOMPARE(rig.shown.size(), 3);
    QCOMPARE(rig.shown.last(), QStringLiteral("service_down:Graphy is unreachable"));
}

void tst_NotificationPolicy::burstLimitCapsEverything()
{
    Rig rig;
    // Each step is a genuine change of state, but seven in a minute is too many to show.
    for (const char *s : {"health refused appwrite", "health down graphy", "health ok", "run ok 2",
                          "run failed", "run failed", "run failed", "wait 1", "health refused graphy"})
        rig.step(QString::fromLatin1(s));
    QCOMPARE(rig.shown.size(), NotificationPolicy::kBurstLimit);
    rig.step(QStringLiteral("wait 600"));
    rig.step(QStringLiteral("health down appwrite"));
    QCOMPARE(rig.shown.size(), NotificationPolicy::kBurstLimit + 1);
    QCOMPARE(rig.shown.last(), QStringLiteral("service_down:Appwrite is unreachable"));
}

QTEST_GUILESS_MAIN(tst_NotificationPolicy)
#include "tst_notification_policy.moc"
