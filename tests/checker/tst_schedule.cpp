#include "checker/Schedule.h"

#include <QtTest>

using cc::Schedule;

namespace {
QDateTime utc(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toUTC();
}
} // namespace

class TestSchedule : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void roundTrip_data();
    void roundTrip();
    void intervalNextAfter_data();
    void intervalNextAfter();
    void intervalSlotsDoNotDependOnStartTime();
    void cronNextAfterUsesZone();
    void latestInRange_data();
    void latestInRange();
    void defaultIsInvalid();
    void equality();
};

void TestSchedule::parseValid_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("isCron");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<QString>("description");
    QTest::newRow("every 10m") << "every 10m" << false << qint64(600) << "every 10m"
                               << "every 10 minutes";
    QTest::newRow("every 30s") << "every 30s" << false << qint64(30) << "every 30s"
                               << "every 30 seconds";
    QTest::newRow("every 2h") << "every 2h" << false << qint64(7200) << "every 2h"
                              << "every 2 hours";
    QTest::newRow("interval 600") << "interval 600" << false << qint64(600) << "every 10m"
                                  << "every 10 minutes";
    QTest::newRow("interval 90") << "interval 90" << false << qint64(90) << "every 90s"
                                 << "every 90 seconds";
    QTest::newRow("words") << "every 15 minutes" << false << qint64(900) << "every 15m"
                           << "every 15 minutes";
    QTest::newRow("no number") << "every hour" << false << qint64(3600) << "every 1h"
                               << "every hour";
    QTest::newRow("one minute") << "every 1m" << false << qint64(60) << "every 1m"
                                << "every minute";
    QTest::newRow("upper case day") << "EVERY 1D" << false << qint64(86400) << "every 1d"
                                    << "every day";
    QTest::newRow("space before unit") << "every 5 s" << false << qint64(5) << "every 5s"
                                       << "every 5 seconds";
    QTest::newRow("90 minutes") << "every 90m" << false << qint64(5400) << "every 90m"
                                << "every 90 minutes";
    QTest::newRow("bare interval") << "45m" << false << qint64(2700) << "every 45m"
                                   << "every 45 minutes";
    QTest::newRow("cron") << "*/15 * * * *" << true << qint64(0) << "*/15 * * * *"
                          << "every 15 minutes";
    QTest::newRow("cron macro") << "@daily" << true << qint64(0) << "@daily"
                                << "at 00:00";
    QTest::newRow("cron spaces") << " 0  9 * * 1-5 " << true << qint64(0) << "0 9 * * 1-5"
                                 << "at 09:00 on Mon-Fri";
}

void TestSchedule::parseValid()
{
    QFETCH(QString, spec);
    QFETCH(bool, isCron);
    QFETCH(qint64, seconds);
    QFETCH(QString, canonical);
    QFETCH(QString, description);
    QString error;
    const auto s = Schedule::parse(spec, &error);
    QVERIFY2(s.has_value(), qPrintable(error));
    QVERIFY(s->isValid());
    QCOMPARE(s->kind(), isCron ? Schedule::Kind::Cron : Schedule::Kind::Interval);
    QCOMPARE(s->intervalSeconds(), seconds);
    QCOMPARE(s->cronExpression().has_value(), isCron);
    QCOMPARE(s->toString(), canonical);
    QCOMPARE(s->describe(), description);
}

void TestSchedule::parseInvalid_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("empty") << ""
                           << "empty schedule";
    QTest::newRow("every alone") << "every"
                                 << "needs a unit";
    QTest::newRow("no unit") << "every 10"
                             << "needs a unit";
    QTest::newRow("zero") << "every 0m"
                          << "at least 1 second";
    QTest::newRow("interval zero") << "interval 0"
                                   << "at least 1 second";
    QTest::newRow("interval without number") << "interval"
                                             << "needs a number";
    QTest::newRow("bad unit") << "every 2 fortnights"
                              << "unknown unit \"fortnights\"";
    QTest::newRow("too long") << "every 400d"
                              << "too long";
    QTest::newRow("huge number") << "interval 99999999999999999999"
                                 << "too long";
    QTest::newRow("negative") << "every -5m"
                              << "not a valid cron expression or interval";
    QTest::newRow("bad cron field") << "61 * * * *"
                                    << "minute: 61 is out of range";
    QTest::newRow("short cron") << "* * *"
                                << "expected 5 fields";
    QTest::newRow("never") << "0 0 30 2 *"
                           << "never occurs";
}

void TestSchedule::parseInvalid()
{
    QFETCH(QString, spec);
    QFETCH(QString, errorPart);
    QString error;
    QVERIFY(!Schedule::parse(spec, &error).has_value());
    QVERIFY2(error.contains(errorPart), qPrintable(QStringLiteral("error was: ") + error));
}

void TestSchedule::roundTrip_data()
{
    QTest::addColumn<QString>("spec");
    for (const char *spec : {"every 10m", "every 30s", "every 2h", "interval 601", "every 3d", "*/5 * * * *",
                             "@weekly", "0 0 1,15 * MON"})
        QTest::newRow(spec) << QString::fromLatin1(spec);
}

void TestSchedule::roundTrip()
{
    QFETCH(QString, spec);
    const auto a = Schedule::parse(spec);
    QVERIFY(a);
    const auto b = Schedule::parse(a->toString());
    QVERIFY2(b, qPrintable(a->toString()));
    QVERIFY(*a == *b);
    QCOMPARE(b->toString(), a->toString());
}

void TestSchedule::intervalNextAfter_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("10m mid-slot") << "every 10m" << utc("2024-01-01T10:07:31Z")
                                  << utc("2024-01-01T10:10:00Z");
    QTest::newRow("10m on a slot is strictly after")
        << "every 10m" << utc("2024-01-01T10:10:00Z") << utc("2024-01-01T10:20:00Z");
    QTest::newRow("10m a millisecond before")
        << "every 10m" << utc("2024-01-01T10:09:59.999Z") << utc("2024-01-01T10:10:00Z");
    QTest::newRow("7s from the epoch")
        << "every 7s" << utc("1970-01-01T00:00:00Z") << utc("1970-01-01T00:00:07Z");
    // 1704067200 s / 420 s = 4057302.86, so the next multiple is 4057303 * 420 = 1704067260 s.
    QTest::newRow("7m aligned on the epoch, not the hour")
        << "every 7m" << utc("2024-01-01T00:00:00Z") << utc("2024-01-01T00:01:00Z");
    QTest::newRow("1d is midnight UTC")
        << "every 1d" << utc("2024-03-05T13:00:00Z") << utc("2024-03-06T00:00:00Z");
    QTest::newRow("2h crosses midnight")
        << "every 2h" << utc("2024-12-31T23:30:00Z") << utc("2025-01-01T00:00:00Z");
    QTest::newRow("offset input") << "every 1h"
                                  << QDateTime::fromString("2024-01-01T10:30:00+02:00", Qt::ISODate)
                                  << utc("2024-01-01T09:00:00Z");
}

void TestSchedule::intervalNextAfter()
{
    QFETCH(QString, spec);
    QFETCH(QDateTime, from);
    QFETCH(QDateTime, expected);
    const auto s = Schedule::parse(spec);
    QVERIFY(s);
    const QDateTime next = s->nextAfter(from);
    QCOMPARE(next, expected);
    QCOMPARE(next.timeSpec(), Qt::UTC);
}

void TestSchedule::intervalSlotsDoNotDependOnStartTime()
{
    // Two app starts a few minutes apart see the same slots: restarts do not shift the schedule.
    const Schedule s = Schedule::interval(15 * 60);
    const QDateTime a = s.nextAfter(utc("2024-05-05T08:01:00Z"));
    const QDateTime b = s.nextAfter(utc("2024-05-05T08:13:27Z"));
    QCOMPARE(a, b);
    QCOMPARE(a, utc("2024-05-05T08:15:00Z"));
}

void TestSchedule::cronNextAfterUsesZone()
{
    const auto utcSchedule = Schedule::parse(QStringLiteral("0 9 * * *"));
    auto berlin = Schedule::parse(QStringLiteral("0 9 * * *"), nullptr, QTimeZone("Europe/Berlin"));
    QVERIFY(utcSchedule && berlin);
    const QDateTime from = utc("2024-07-01T00:00:00Z");
    QCOMPARE(utcSchedule->nextAfter(from), utc("2024-07-01T09:00:00Z"));
    QCOMPARE(berlin->nextAfter(from), utc("2024-07-01T07:00:00Z"));
    QVERIFY(!(*utcSchedule == *berlin));
    berlin->setTimeZone(QTimeZone::utc());
    QVERIFY(*utcSchedule == *berlin);
}

void TestSchedule::latestInRange_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QDateTime>("after");
    QTest::addColumn<QDateTime>("until");
    QTest::addColumn<QDateTime>("expected"); // invalid = none
    QTest::newRow("interval, many missed") << "every 15m" << utc("2024-01-01T08:00:00Z")
                                           << utc("2024-01-01T10:07:00Z") << utc("2024-01-01T10:00:00Z");
    QTest::newRow("interval, until on a slot") << "every 15m" << utc("2024-01-01T08:00:00Z")
                                               << utc("2024-01-01T10:15:00Z") << utc("2024-01-01T10:15:00Z");
    QTest::newRow("interval, none") << "every 15m" << utc("2024-01-01T10:00:00Z")
                                    << utc("2024-01-01T10:14:59Z") << QDateTime();
    QTest::newRow("interval, after is exclusive")
        << "every 15m" << utc("2024-01-01T10:15:00Z") << utc("2024-01-01T10:20:00Z") << QDateTime();
    QTest::newRow("cron minutely, month of downtime")
        << "* * * * *" << utc("2024-01-01T00:00:00Z") << utc("2024-02-01T12:34:56Z")
        << utc("2024-02-01T12:34:00Z");
    QTest::newRow("cron dense morning, evening now")
        << "* 0-12 * * *" << utc("2024-01-01T00:00:00Z") << utc("2024-01-05T23:00:00Z")
        << utc("2024-01-05T12:59:00Z");
    QTest::newRow("cron yearly, years of downtime")
        << "0 0 1 1 *" << utc("2019-06-01T00:00:00Z") << utc("2024-06-01T00:00:00Z")
        << utc("2024-01-01T00:00:00Z");
    QTest::newRow("cron leap day, far back") << "0 0 29 2 *" << utc("2010-01-01T00:00:00Z")
                                             << utc("2024-02-28T00:00:00Z") << utc("2020-02-29T00:00:00Z");
    QTest::newRow("cron, none in range")
        << "0 12 * * *" << utc("2024-01-01T12:00:00Z") << utc("2024-01-02T11:59:00Z") << QDateTime();
    QTest::newRow("empty range") << "every 1m" << utc("2024-01-01T12:00:00Z") << utc("2024-01-01T11:00:00Z")
                                 << QDateTime();
}

void TestSchedule::latestInRange()
{
    QFETCH(QString, spec);
    QFETCH(QDateTime, after);
    QFETCH(QDateTime, until);
    QFETCH(QDateTime, expected);
    const auto s = Schedule::parse(spec);
    QVERIFY(s);
    const QDateTime got = s->latestInRange(after, until);
    QCOMPARE(got.isValid(), expected.isValid());
    if (expected.isValid())
        QCOMPARE(got, expected);
}

void TestSchedule::defaultIsInvalid()
{
    const Schedule s;
    QVERIFY(!s.isValid());
    QVERIFY(!s.nextAfter(utc("2024-01-01T00:00:00Z")).isValid());
    QVERIFY(s.toString().isEmpty());
    QVERIFY(Schedule::interval(0).isValid()); // clamped to 1 s
    QCOMPARE(Schedule::interval(0).intervalSeconds(), qint64(1));
}

void TestSchedule::equality()
{
    QVERIFY(*Schedule::parse(QStringLiteral("every 10m")) ==
            *Schedule::parse(QStringLiteral("interval 600")));
    QVERIFY(
        !(*Schedule::parse(QStringLiteral("every 10m")) == *Schedule::parse(QStringLiteral("every 11m"))));
    QVERIFY(*Schedule::parse(QStringLiteral("@hourly")) == *Schedule::parse(QStringLiteral("0 * * * *")));
    QVERIFY(
        !(*Schedule::parse(QStringLiteral("*/60 * * * *")) == *Schedule::parse(QStringLiteral("every 1h"))));
}

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
