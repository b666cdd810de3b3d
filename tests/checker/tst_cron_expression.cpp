#include "checker/CronExpression.h"

#include <QElapsedTimer>
#include <QtTest>

using cc::CronExpression;

namespace {
QDateTime utc(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toUTC();
}
QTimeZone zoneFor(const QByteArray &id)
{
    return id.isEmpty() ? QTimeZone::utc() : QTimeZone(id);
}
} // namespace

class TestCronExpression : public QObject
{
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void nextAfter_data();
    void nextAfter();
    void nextAfterInvalidInput();
    void wholeYearFireCount_data();
    void wholeYearFireCount();
    void sparseExpressionsAreFast();
    void describe_data();
    void describe();
    void hugeStepSelectsTheStartOnly_data();
    void hugeStepSelectsTheStartOnly();
};

void TestCronExpression::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalised");
    QTest::newRow("all stars") << "* * * * *"
                               << "* * * * *";
    QTest::newRow("step") << "*/15 * * * *"
                          << "*/15 * * * *";
    QTest::newRow("range and dow range") << "0 9-17 * * 1-5"
                                         << "0 9-17 * * 1-5";
    QTest::newRow("list") << "0,30 * * * *"
                          << "0,30 * * * *";
    QTest::newRow("range with step") << "5-55/10 * * * *"
                                     << "5-55/10 * * * *";
    QTest::newRow("start with step") << "30/10 * * * *"
                                     << "30/10 * * * *";
    QTest::newRow("month name") << "0 0 1 JAN *"
                                << "0 0 1 JAN *";
    QTest::newRow("day names, lower case") << "0 0 * * mon-fri"
                                           << "0 0 * * mon-fri";
    QTest::newRow("sunday as 7") << "0 0 * * 7"
                                 << "0 0 * * 7";
    QTest::newRow("dow range to 7") << "0 0 * * 5-7"
                                    << "0 0 * * 5-7";
    QTest::newRow("extra whitespace") << "  0\t0  *  * *  "
                                      << "0 0 * * *";
    QTest::newRow("feb 29 (leap years)") << "0 0 29 2 *"
                                         << "0 0 29 2 *";
    QTest::newRow("31st in some month") << "0 0 31 2,3 *"
                                        << "0 0 31 2,3 *";
    QTest::newRow("macro hourly") << "@hourly"
                                  << "@hourly";
    QTest::newRow("macro daily upper") << "@DAILY"
                                       << "@DAILY";
    QTest::newRow("mixed list") << "0 0 1,15 */2 SUN,3"
                                << "0 0 1,15 */2 SUN,3";
}

void TestCronExpression::parseValid()
{
    QFETCH(QString, text);
    QFETCH(QString, normalised);
    QString error;
    const auto expr = CronExpression::parse(text, &error);
    QVERIFY2(expr.has_value(), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(expr->toString(), normalised);
    QCOMPARE(expr->timeZone(), QTimeZone::utc());
}

void TestCronExpression::parseInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errorPart"); // the message must name the field and the reason
    QTest::newRow("empty") << ""
                           << "empty cron expression";
    QTest::newRow("blank") << "   "
                           << "empty cron expression";
    QTest::newRow("four fields") << "* * * *"
                                 << "expected 5 fields";
    QTest::newRow("six fields") << "0 * * * * *"
                                << "seconds and year fields are not supported";
    QTest::newRow("minute 60") << "60 * * * *"
                               << "minute: 60 is out of range 0-59";
    QTest::newRow("hour 24") << "0 24 * * *"
                             << "hour: 24 is out of range 0-23";
    QTest::newRow("dom 0") << "0 0 0 * *"
                           << "day-of-month: 0 is out of range 1-31";
    QTest::newRow("dom 32") << "0 0 32 * *"
                            << "day-of-month: 32 is out of range 1-31";
    QTest::newRow("month 13") << "0 0 1 13 *"
                              << "month: 13 is out of range 1-12";
    QTest::newRow("dow 8") << "0 0 * * 8"
                           << "day-of-week: 8 is out of range 0-7";
    QTest::newRow("negative") << "-1 * * * *"
                              << "minute:";
    QTest::newRow("step zero") << "*/0 * * * *"
                               << "minute: step \"0\" must be a positive number";
    QTest::newRow("step missing") << "*/ * * * *"
                                  << "minute: step";
    QTest::newRow("step not a number") << "0 */x * * *"
                                       << "hour: step \"x\"";
    QTest::newRow("reversed range") << "0 5-1 * * *"
                                    << "hour: range \"5-1\" is reversed";
    QTest::newRow("open range") << "1- * * * *"
                                << "minute:";
    QTest::newRow("empty list item") << "1,,2 * * * *"
                                     << "minute: empty item";
    QTest::newRow("word in minute") << "a * * * *"
                                    << "minute: \"a\" is not a number";
    QTest::newRow("unknown month name") << "0 0 1 FOO *"
                                        << "month: \"FOO\" is not a number or name";
    QTest::newRow("day name in month") << "0 0 1 MON *"
                                       << "month: \"MON\"";
    QTest::newRow("month name in dow") << "0 0 * * JAN"
                                       << "day-of-week: \"JAN\"";
    QTest::newRow("feb 30 never") << "0 0 30 2 *"
                                  << "never occurs";
    QTest::newRow("31st of 30-day months") << "0 0 31 4,6,9,11 *"
                                           << "never occurs";
    QTest::newRow("unknown macro") << "@reboot"
                                   << "unknown macro";
}

void TestCronExpression::parseInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, errorPart);
    QString error;
    QVERIFY(!CronExpression::parse(text, &error).has_value());
    QVERIFY2(error.contains(errorPart), qPrintable(QStringLiteral("error was: ") + error));
    QVERIFY(!CronExpression::parse(text).has_value()); // a null error pointer is fine too
}

void TestCronExpression::nextAfter_data()
{
    QTest::addColumn<QByteArray>("zone"); // empty = UTC
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<QDateTime>("expected");

    const QByteArray u;
    QTest::newRow("every minute") << u << "* * * * *" << utc("2024-01-01T10:00:00Z")
                                  << utc("2024-01-01T10:01:00Z");
    QTest::newRow("strictly after, mid-minute")
        << u << "* * * * *" << utc("2024-01-01T10:00:30Z") << utc("2024-01-01T10:01:00Z");
    QTest::newRow("step 15") << u << "*/15 * * * *" << utc("2024-01-01T10:07:00Z")
                             << utc("2024-01-01T10:15:00Z");
    QTest::newRow("step 15 on a slot")
        << u << "*/15 * * * *" << utc("2024-01-01T10:15:00Z") << utc("2024-01-01T10:30:00Z");
    QTest::newRow("step rolls hour") << u << "*/15 * * * *" << utc("2024-01-01T10:45:00Z")
                                     << utc("2024-01-01T11:00:00Z");
    QTest::newRow("range step") << u << "5-55/10 * * * *" << utc("2024-01-01T10:56:00Z")
                                << utc("2024-01-01T11:05:00Z");
    QTest::newRow("a/n means a-max/n")
        << u << "40/15 * * * *" << utc("2024-01-01T10:56:00Z") << utc("2024-01-01T11:40:00Z");
    QTest::newRow("list") << u << "0 8,20 * * *" << utc("2024-01-01T08:00:00Z")
                          << utc("2024-01-01T20:00:00Z");
    QTest::newRow("year end") << u << "* * * * *" << utc("2024-12-31T23:59:00Z")
                              << utc("2025-01-01T00:00:00Z");
    QTest::newRow("yearly") << u << "0 0 1 1 *" << utc("2024-06-01T00:00:00Z") << utc("2025-01-01T00:00:00Z");
    QTest::newRow("first of month at month end")
        << u << "0 0 1 * *" << utc("2024-01-31T23:59:00Z") << utc("2024-02-01T00:00:00Z");
    QTest::newRow("31st skips short months")
        << u << "0 0 31 * *" << utc("2024-04-15T00:00:00Z") << utc("2024-05-31T00:00:00Z");
    QTest::newRow("31st skips Feb") << u << "0 0 31 * *" << utc("2024-01-31T00:00:00Z")
                                    << utc("2024-03-31T00:00:00Z");
    QTest::newRow("feb 29 next leap year")
        << u << "0 0 29 2 *" << utc("2024-03-01T00:00:00Z") << utc("2028-02-29T00:00:00Z");
    QTest::newRow("feb 29 this year")
        << u << "0 0 29 2 *" << utc("2023-01-01T00:00:00Z") << utc("2024-02-29T00:00:00Z");
    QTest::newRow("feb 29, 2100 is not leap")
        << u << "0 0 29 2 *" << utc("2096-03-01T00:00:00Z") << utc("2104-02-29T00:00:00Z");
    QTest::newRow("dom OR dow: the Friday first")
        << u << "0 0 13 * 5" << utc("2024-09-01T00:00:00Z") << utc("2024-09-06T00:00:00Z");
    QTest::newRow("dom OR dow: the 13th (a Sunday) first")
        << u << "0 0 13 * 5" << utc("2024-10-11T00:00:00Z") << utc("2024-10-13T00:00:00Z");
    QTest::newRow("dom star AND dow (Vixie)")
        << u << "0 0 */7 * 1" << utc("2024-02-01T00:00:00Z") << utc("2024-04-01T00:00:00Z");
    QTest::newRow("dom * means only dow")
        << u << "0 0 * * 1" << utc("2024-02-01T00:00:00Z") << utc("2024-02-05T00:00:00Z");
    QTest::newRow("dow 7 is sunday") << u << "0 0 * * 7" << utc("2024-01-01T00:00:00Z")
                                     << utc("2024-01-07T00:00:00Z");
    QTest::newRow("names") << u << "0 0 * JUN MON" << utc("2024-01-01T00:00:00Z")
                           << utc("2024-06-03T00:00:00Z");
    QTest::newRow("weekday hours") << u << "0 9-17 * * MON-FRI" << utc("2024-01-05T17:00:00Z")
                                   << utc("2024-01-08T09:00:00Z");
    QTest::newRow("half-hour zone") << QByteArray("Asia/Kolkata") << "0 9 * * *"
                                    << utc("2024-01-01T00:00:00Z") << utc("2024-01-01T03:30:00Z");

    // Europe/Berlin 2024: 31 Mar 02:00 CET -> 03:00 CEST (01:00Z); 27 Oct 03:00 CEST -> 02:00 CET (01:00Z).
    const QByteArray b("Europe/Berlin");
    QTest::newRow("berlin winter") << b << "0 9 * * *" << utc("2024-01-10T12:00:00Z")
                                   << utc("2024-01-11T08:00:00Z");
    QTest::newRow("berlin summer") << b << "0 9 * * *" << utc("2024-03-30T09:00:00Z")
                                   << utc("2024-03-31T07:00:00Z");
    QTest::newRow("gap: 02:30 fires when the gap ends")
        << b << "30 2 * * *" << utc("2024-03-30T12:00:00Z") << utc("2024-03-31T01:00:00Z");
    QTest::newRow("gap: then normal next day")
        << b << "30 2 * * *" << utc("2024-03-31T01:00:00Z") << utc("2024-04-01T00:30:00Z");
    QTest::newRow("gap: */15 folds the gap into 03:00")
        << b << "*/15 * * * *" << utc("2024-03-31T00:50:00Z") << utc("2024-03-31T01:00:00Z");
    QTest::newRow("gap: */15 continues after")
        << b << "*/15 * * * *" << utc("2024-03-31T01:00:00Z") << utc("2024-03-31T01:15:00Z");
    QTest::newRow("overlap: fixed hour, first pass")
        << b << "30 2 * * *" << utc("2024-10-26T12:00:00Z") << utc("2024-10-27T00:30:00Z");
    QTest::newRow("overlap: fixed hour, not again in second pass")
        << b << "30 2 * * *" << utc("2024-10-27T00:30:00Z") << utc("2024-10-28T01:30:00Z");
    QTest::newRow("overlap: from inside second pass")
        << b << "30 2 * * *" << utc("2024-10-27T01:10:00Z") << utc("2024-10-28T01:30:00Z");
    QTest::newRow("overlap: hourly, first 02:00")
        << b << "0 * * * *" << utc("2024-10-26T23:30:00Z") << utc("2024-10-27T00:00:00Z");
    QTest::newRow("overlap: hourly, second 02:00")
        << b << "0 * * * *" << utc("2024-10-27T00:00:00Z") << utc("2024-10-27T01:00:00Z");
    QTest::newRow("overlap: hourly, then 03:00 CET")
        << b << "0 * * * *" << utc("2024-10-27T01:00:00Z") << utc("2024-10-27T02:00:00Z");
    QTest::newRow("overlap: */30 keeps its rhythm")
        << b << "*/30 * * * *" << utc("2024-10-27T00:30:00Z") << utc("2024-10-27T01:00:00Z");
}

void TestCronExpression::nextAfter()
{
    QFETCH(QByteArray, zone);
    QFETCH(QString, expr);
    QFETCH(QDateTime, from);
    QFETCH(QDateTime, expected);
    const QTimeZone tz = zoneFor(zone);
    QVERIFY2(tz.isValid(), zone.constData());
    QString error;
    const auto cron = CronExpression::parse(expr, &error, tz);
    QVERIFY2(cron.has_value(), qPrintable(error));
    const QDateTime next = cron->nextAfter(from);
    QCOMPARE(next, expected);
    QCOMPARE(next.timeSpec(), Qt::UTC);
    // The same instant given in another representation gives the same answer.
    QCOMPARE(cron->nextAfter(from.toOffsetFromUtc(3 * 3600)), expected);
}

void TestCronExpression::nextAfterInvalidInput()
{
    const auto cron = CronExpression::parse(QStringLiteral("* * * * *"));
    QVERIFY(cron);
    QVERIFY(!cron->nextAfter(QDateTime()).isValid());
}

void TestCronExpression::wholeYearFireCount_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("expr");
    QTest::addColumn<int>("expectedFires");
    // 2024 has 366 days. In Berlin the spring gap folds 02:00, 02:30 and 03:00 into one fire (-2)
    // and the autumn overlap repeats 02:00 and 02:30 for an hour-wildcard expression (+2).
    QTest::newRow("utc */30") << QByteArray() << "*/30 * * * *" << 366 * 48;
    QTest::newRow("berlin */30") << QByteArray("Europe/Berlin") << "*/30 * * * *" << 366 * 48;
    QTest::newRow("berlin daily in the gap hour") << QByteArray("Europe/Berlin") << "30 2 * * *" << 366;
    QTest::newRow("berlin weekdays 9-17") << QByteArray("Europe/Berlin") << "0 9-17 * * 1-5" << 262 * 9;
    QTest::newRow("new york hourly") << QByteArray("America/New_York") << "0 * * * *" << 366 * 24;
}

void TestCronExpression::wholeYearFireCount()
{
    // Walks a whole year: every result valid, strictly increasing, on a whole minute; no loops.
    QFETCH(QByteArray, zone);
    QFETCH(QString, expr);
    QFETCH(int, expectedFires);
    const QTimeZone tz = zoneFor(zone);
    const auto cron = CronExpression::parse(expr, nullptr, tz);
    QVERIFY(cron);
    const QDateTime begin = QDateTime(QDate(2024, 1, 1), QTime(0, 0), tz).addSecs(-1);
    const QDateTime end = QDateTime(QDate(2025, 1, 1), QTime(0, 0), tz).addSecs(-1);
    int fires = 0;
    for (QDateTime t = cron->nextAfter(begin); t <= end; ++fires) {
        QVERIFY(t.isValid());
        QCOMPARE(t.time().second(), 0);
        const QDateTime next = cron->nextAfter(t);
        QVERIFY2(next > t, qPrintable(t.toString(Qt::ISODate)));
        t = next;
    }
    QCOMPARE(fires, expectedFires);
}

void TestCronExpression::sparseExpressionsAreFast()
{
    // Skipping by field: even rare expressions answer in microseconds. The bound is generous so a
    // loaded machine does not fail it, but a minute-by-minute scan (~500 000 steps a year) would.
    const auto leap = CronExpression::parse(QStringLiteral("0 0 29 2 *"));
    const auto rare =
        CronExpression::parse(QStringLiteral("59 23 31 12 *"), nullptr, QTimeZone("Europe/Berlin"));
    QVERIFY(leap && rare);
    QElapsedTimer timer;
    timer.start();
    QDateTime t = utc("2001-01-01T00:00:00Z");
    QDateTime u = t;
    for (int i = 0; i < 200; ++i) {
        t = leap->nextAfter(t);
        u = rare->nextAfter(u);
    }
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(u, utc("2200-12-31T22:59:00Z"));
    QCOMPARE(t.date().month(), 2);
    QCOMPARE(t.date().day(), 29);
}

void TestCronExpression::describe_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("text");
    QTest::newRow("every minute") << "* * * * *"
                                  << "every minute";
    QTest::newRow("every 15") << "*/15 * * * *"
                              << "every 15 minutes";
    QTest::newRow("hourly") << "@hourly"
                            << "every hour";
    QTest::newRow("hour at minute") << "5 * * * *"
                                    << "every hour at minute 5";
    QTest::newRow("daily") << "30 6 * * *"
                           << "at 06:30";
    QTest::newRow("weekdays") << "0 9 * * 1-5"
                              << "at 09:00 on Mon-Fri";
    QTest::newRow("monthly") << "0 0 1 * *"
                             << "at 00:00 on day 1 of the month";
    QTest::newRow("yearly") << "0 0 1 1 *"
                            << "at 00:00 on day 1 of the month in Jan";
    QTest::newRow("every 2 hours") << "0 */2 * * *"
                                   << "every 2 hours";
    QTest::newRow("every 3 hours at :10") << "10 */3 * * *"
                                          << "every 3 hours at minute 10";
    QTest::newRow("or rule") << "0 0 13 * 5"
                             << "at 00:00 on day 13 of the month or on Fri";
}

void TestCronExpression::describe()
{
    QFETCH(QString, expr);
    QFETCH(QString, text);
    const auto cron = CronExpression::parse(expr);
    QVERIFY(cron);
    QCOMPARE(cron->describe(), text);
}

// Found by fuzz/fuzz_schedule: a step near INT_MAX overflowed `v += step` while the field's bits
// were set (UBSan: signed integer overflow). Such a step is valid and selects the start value alone.
void TestCronExpression::hugeStepSelectsTheStartOnly_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("same"); // the expression it must equal
    QTest::addColumn<QDateTime>("next");
    // From 2025-11-21T08:00:00Z, a Friday.
    QTest::newRow("minute a/max") << "59/2147483647 * * * *"
                                  << "59 * * * *" << utc(QStringLiteral("2025-11-21T08:59:00Z"));
    QTest::newRow("minute */max") << "*/2147483647 * * * *"
                                  << "0 * * * *" << utc(QStringLiteral("2025-11-21T09:00:00Z"));
    QTest::newRow("minute range/max") << "30-59/2147483647 * * * *"
                                      << "30 * * * *" << utc(QStringLiteral("2025-11-21T08:30:00Z"));
    QTest::newRow("hour a/max") << "0 23/2147483647 * * *"
                                << "0 23 * * *" << utc(QStringLiteral("2025-11-21T23:00:00Z"));
    QTest::newRow("day-of-month a/max") << "0 0 31/2147483647 * *"
                                        << "0 0 31 * *" << utc(QStringLiteral("2025-12-31T00:00:00Z"));
    QTest::newRow("month range/max") << "0 0 1 12-12/2147483647 *"
                                     << "0 0 1 12 *" << utc(QStringLiteral("2025-12-01T00:00:00Z"));
    QTest::newRow("day-of-week 7/max") << "0 0 * * 7/2147483647"
                                       << "0 0 * * 0" << utc(QStringLiteral("2025-11-23T00:00:00Z"));
    QTest::newRow("list of huge steps") << "1/2147483646,2/2147483647 * * * *"
                                        << "1,2 * * * *" << utc(QStringLiteral("2025-11-21T08:01:00Z"));
}

void TestCronExpression::hugeStepSelectsTheStartOnly()
{
    QFETCH(QString, text);
    QFETCH(QString, same);
    QFETCH(QDateTime, next);
    const auto cron = CronExpression::parse(text);
    QVERIFY(cron.has_value());
    QCOMPARE(*cron, *CronExpression::parse(same));
    QCOMPARE(cron->nextAfter(utc(QStringLiteral("2025-11-21T08:00:00Z"))), next);
}

QTEST_GUILESS_MAIN(TestCronExpression)
#include "tst_cron_expression.moc"
