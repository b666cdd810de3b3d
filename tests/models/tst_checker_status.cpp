// What the tray shows, derived from the checker's signals: state precedence and tooltip text.
#include "models/CheckerStatus.h"
#include "session/ServiceAvailability.h"

#include <QSignalSpy>
#include <QTest>

using namespace cc;
using State = CheckerStatus::State;

namespace {
RunRecord finishedRun(int processed, int completed, int errors, RunState state = RunState::Finished)
{
    RunRecord r;
    r.state = state;
    r.startedAt = QDateTime::currentDateTimeUtc().addSecs(-60);
    r.finishedAt = QDateTime::currentDateTimeUtc();
    r.processed = processed;
    r.completed = completed;
    r.errors = errors;
    return r;
}

// Steps: "next" (a next run is scheduled), "pause", "resume", "start" (run starts, 40 of 195),
// "finish ok", "finish errors", "finish failed", "graphy down", "appwrite refused",
// "services ok", "offline", "online", "woke" (held, online), "errors 3".
void apply(CheckerStatus &s, ServiceAvailability &services, const QString &step)
{
    const QDateTime next = QDateTime::currentDateTimeUtc().addSecs(600);
    if (step == QLatin1String("next")) {
        s.setSchedule(next, false);
    } else if (step == QLatin1String("pause")) {
        s.setSchedule(QDateTime(), true);
    } else if (step == QLatin1String("resume")) {
        s.setSchedule(next, false);
    } else if (step == QLatin1String("start")) {
        RunRecord r;
        r.total = 195;
        s.runStarted(r);
        r.processed = 40;
        r.completed = 3;
        s.runProgress(r);
    } else if (step == QLatin1String("finish ok")) {
        s.runFinished(finishedRun(195, 7, 0));
    } else if (step == QLatin1String("finish errors")) {
        s.runFinished(finishedRun(195, 7, 4));
    } else if (step == QLatin1String("finish failed")) {
        s.runFinished(finishedRun(0, 0, 0, RunState::Failed));
    } else if (step == QLatin1String("graphy down")) {
        services.onBreakerState(QStringLiteral("graphy"), QStringLiteral("open"));
        s.setServices(services);
    } else if (step == QLatin1String("appwrite refused")) {
        HealthReport h;
        h.appwrite.service = QStringLiteral("appwrite");
        h.appwrite.checked = h.appwrite.reachable = true;
        h.appwrite.message = QStringLiteral("HTTP 401 user_unauthorized");
        services.onHealth(h);
        s.setServices(services);
    } else if (step == QLatin1String("services ok")) {
        services.reset();
        s.setServices(services);
    } else if (step == QLatin1String("offline")) {
        s.setHold(QStringLiteral("no network connection"), true);
    } else if (step == QLatin1String("online")) {
        s.setHold(QString(), false);
    } else if (step == QLatin1String("woke")) {
        s.setHold(QStringLiteral("the system woke up; checks resume in a few seconds"), false);
    } else if (step.startsWith(QLatin1String("errors "))) {
        s.setErrorCount(step.mid(7).toInt());
    } else {
        QFAIL(qPrintable(QStringLiteral("unknown step ") + step));
    }
}
} // namespace

class tst_CheckerStatus : public QObject
{
    Q_OBJECT
private slots:
    void states_data();
    void states();
    void runningTooltipShowsProgress();
    void signalsOnlyOnChange();
};

void tst_CheckerStatus::states_data()
{
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<State>("state");
    QTest::addColumn<QString>("tooltipHas");
    QTest::newRow("fresh") << QStringList() << State::Idle << "No run yet";
    QTest::newRow("idle with next run") << QStringList{"next", "finish ok"} << State::Idle << "Next run ";
    QTest::newRow("idle with last run")
        << QStringList{"next", "finish ok"} << State::Idle << "195 checked, 7 completed";
    QTest::newRow("running") << QStringList{"next", "start"} << State::Running
                             << "40 of 195 checked, 3 completed";
    QTest::newRow("paused") << QStringList{"next", "pause"} << State::Paused << "Schedule paused";
    QTest::newRow("running beats paused") << QStringList{"pause", "start"} << State::Running << "running";
    QTest::newRow("warning after errors")
        << QStringList{"next", "finish errors"} << State::Warning << "4 errors";
    QTest::newRow("warning after a failed run")
        << QStringList{"finish failed"} << State::Warning << "(failed)";
    QTest::newRow("paused beats warning")
        << QStringList{"finish errors", "pause"} << State::Paused << "paused";
    QTest::newRow("a good run clears the warning")
        << QStringList{"finish errors", "finish ok"} << State::Idle << "idle";
    QTest::newRow("error: service down")
        << QStringList{"next", "graphy down"} << State::Error << "Graphy unreachable";
    QTest::newRow("error beats running") << QStringList{"start", "graphy down"} << State::Error << "Graphy";
    QTest::newRow("error: key refused")
        << QStringList{"appwrite refused"} << State::Error << "Appwrite refused the API key";
    QTest::newRow("recovered") << QStringList{"graphy down", "services ok"} << State::Idle << "idle";
    QTest::newRow("offline beats error")
        << QStringList{"graphy down", "offline"} << State::Offline << "no network";
    QTest::newRow("back online") << QStringList{"offline", "online", "next"} << State::Idle << "Next run";
    QTest::newRow("woke: held, not offline")
        << QStringList{"next", "woke"} << State::Idle << "Held: the system woke up";
    QTest::newRow("error count in the tooltip")
        << QStringList{"errors 3"} << State::Idle << "3 errors in the log";
}

void tst_CheckerStatus::states()
{
    QFETCH(QStringList, steps);
    QFETCH(State, state);
    QFETCH(QString, tooltipHas);
    CheckerStatus status;
    ServiceAvailability services;
    for (const QString &step : steps)
        apply(status, services, step);
    QCOMPARE(CheckerStatus::stateName(status.state()), CheckerStatus::stateName(state));
    QVERIFY2(status.tooltip().contains(tooltipHas), qPrintable(status.tooltip()));
    QVERIFY(status.tooltip().startsWith(QStringLiteral("Completion Checker — ")));
    QVERIFY(!status.summary().isEmpty());
}

void tst_CheckerStatus::runningTooltipShowsProgress()
{
    CheckerStatus status;
    ServiceAvailability services;
    apply(status, services, QStringLiteral("start"));
    QCOMPARE(status.summary(), QStringLiteral("Running — 40 of 195 checked, 3 completed"));
    QVERIFY(status.isRunning());
    apply(status, services, QStringLiteral("finish ok"));
    QVERIFY(!status.isRunning());
}

void tst_CheckerStatus::signalsOnlyOnChange()
{
    CheckerStatus status;
    QSignalSpy changed(&status, &CheckerStatus::changed);
    status.setErrorCount(0);
    status.setHold(QString(), false);
    QCOMPARE(changed.size(), 0);
    status.setErrorCount(2);
    QCOMPARE(changed.size(), 1);
}

QTEST_GUILESS_MAIN(tst_CheckerStatus)
#include "tst_checker_status.moc"
