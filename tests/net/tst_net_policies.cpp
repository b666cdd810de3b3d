// Pure logic of the HTTP foundation: backoff, server wait hints, token bucket, circuit breaker,
// redaction, which redirects are followed. No network.
#include "net/CircuitBreaker.h"
#include "net/RedirectRule.h"
#include "net/RetryPolicy.h"
#include "net/SecretRedactor.h"
#include "net/ServiceChannel.h"
#include "net/TokenBucket.h"

#include <QTest>
#include <QTimeZone>

using namespace cc;

class TestNetPolicies : public QObject
{
    Q_OBJECT
private slots:
    void backoffIsCappedFullJitter_data();
    void backoffIsCappedFullJitter();
    void retryAfter_data();
    void retryAfter();
    void retryAfterDateIsClamped_data();
    void retryAfterDateIsClamped();
    void rateLimitReset();
    void tokenBucketSpacesRequests();
    void tokenBucketDisabled();
    void breakerOpensAfterThreshold();
    void breakerHalfOpenProbe();
    void breakerProbeFailureDoublesOpenTime();
    void redactsRegisteredSecretsAndPatterns_data();
    void redactsRegisteredSecretsAndPatterns();
    void redactUrlHidesKeyParameter();
    void allowedUrls_data();
    void allowedUrls();
    void redirects_data();
    void redirects();
    void redirectRefusalSaysWhyAndHidesTheKey_data();
    void redirectRefusalSaysWhyAndHidesTheKey();
};

void TestNetPolicies::backoffIsCappedFullJitter_data()
{
    QTest::addColumn<int>("retry");
    QTest::addColumn<qint64>("ceiling");
    QTest::newRow("first") << 1 << qint64(250);
    QTest::newRow("second") << 2 << qint64(500);
    QTest::newRow("fifth") << 5 << qint64(4000);
    QTest::newRow("capped") << 10 << qint64(10000);
    QTest::newRow("huge") << 1000 << qint64(10000);
}

void TestNetPolicies::backoffIsCappedFullJitter()
{
    QFETCH(int, retry);
    QFETCH(qint64, ceiling);
    RetryPolicy policy;
    QRandomGenerator rng(42);
    qint64 min = ceiling, max = 0;
    for (int i = 0; i < 2000; ++i) {
        const qint64 d = policy.backoffMs(retry, rng);
        QVERIFY(d >= 0 && d <= ceiling);
        min = std::min(min, d);
        max = std::max(max, d);
    }
    // Full jitter spreads over the whole range, not around a fixed delay.
    QVERIFY2(min < ceiling / 10, qPrintable(QString::number(min)));
    QVERIFY2(max > ceiling * 9 / 10, qPrintable(QString::number(max)));
}

void TestNetPolicies::retryAfter_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("expected"); // -1: none
    QTest::newRow("seconds") << QByteArray("2") << qint64(2000);
    QTest::newRow("fraction") << QByteArray("0.25") << qint64(250);
    QTest::newRow("spaces") << QByteArray(" 3 ") << qint64(3000);
    QTest::newRow("http-date") << QByteArray("Sat, 28 Nov 2026 12:00:10 GMT") << qint64(10000);
    QTest::newRow("past-date") << QByteArray("Sat, 28 Nov 2026 11:00:00 GMT") << qint64(0);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    // Hostile values never become "retry now": NaN says nothing, the huge ones are clamped.
    const qint64 clamped = RetryPolicy::kMaxServerWaitSeconds * 1000;
    QTest::newRow("nan") << QByteArray("nan") << qint64(-1);
    QTest::newRow("infinite") << QByteArray("inf") << clamped;
    QTest::newRow("huge") << QByteArray("1e300") << clamped;
    QTest::newRow("beyond qint64") << QByteArray("99999999999999999999999") << clamped;
}

void TestNetPolicies::retryAfter()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, expected);
    const QDateTime now(QDate(2026, 11, 28), QTime(12, 0, 0), QTimeZone::utc());
    const auto got = RetryPolicy::parseRetryAfterMs(header, now);
    QCOMPARE(got.value_or(-1), expected);
}

// Found by fuzz/fuzz_appwrite_error: the HTTP-date form of Retry-After was not clamped like the
// delta-seconds form, so a date years ahead gave a wait beyond kMaxServerWaitSeconds.
void TestNetPolicies::retryAfterDateIsClamped_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("expected");
    const qint64 clamped = RetryPolicy::kMaxServerWaitSeconds * 1000;
    QTest::newRow("365 days") << QByteArray("Sun, 28 Nov 2027 12:00:00 GMT") << qint64(365) * 86400 * 1000;
    QTest::newRow("366 days and a second") << QByteArray("Mon, 29 Nov 2027 12:00:01 GMT") << clamped;
    QTest::newRow("2099") << QByteArray("Sat, 28 Nov 2099 12:00:00 GMT") << clamped;
    QTest::newRow("9999") << QByteArray("Fri, 31 Dec 9999 23:59:59 GMT") << clamped;
}

void TestNetPolicies::retryAfterDateIsClamped()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, expected);
    const QDateTime now(QDate(2026, 11, 28), QTime(12, 0, 0), QTimeZone::utc());
    QCOMPARE(RetryPolicy::parseRetryAfterMs(header, now).value_or(-1), expected);
}

void TestNetPolicies::rateLimitReset()
{
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, QTimeZone::utc());
    QCOMPARE(RetryPolicy::parseRateLimitResetMs("1800000005", now).value_or(-1), 5000);
    QCOMPARE(RetryPolicy::parseRateLimitResetMs("1799999999", now).value_or(-1), 0);
    QVERIFY(!RetryPolicy::parseRateLimitResetMs("x", now));
    // An epoch whose milliseconds overflow qint64 is "much later", clamped, not a negative wait.
    QCOMPARE(RetryPolicy::parseRateLimitResetMs("9000000000000000000", now).value_or(-1),
             RetryPolicy::kMaxServerWaitSeconds * 1000);
}

void TestNetPolicies::tokenBucketSpacesRequests()
{
    TokenBucket bucket(10, 2); // 10/s, burst 2
    QCOMPARE(bucket.tryAcquire(0), 0);
    QCOMPARE(bucket.tryAcquire(0), 0);
    const qint64 wait = bucket.tryAcquire(0);
    QCOMPARE(wait, 100);
    QVERIFY(bucket.tryAcquire(50) > 0);
    QCOMPARE(bucket.tryAcquire(100), 0);
    // Over a simulated second, at most rate * 1 s + burst tokens are handed out.
    int granted = 0;
    for (qint64 t = 1000; t <= 2000; ++t)
        granted += bucket.tryAcquire(t) == 0 ? 1 : 0;
    QVERIFY2(granted <= 12 && granted >= 10, qPrintable(QString::number(granted)));
}

void TestNetPolicies::tokenBucketDisabled()
{
    TokenBucket bucket(0, 1);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(bucket.tryAcquire(0), 0);
}

void TestNetPolicies::breakerOpensAfterThreshold()
{
    CircuitBreaker breaker({3, 1000, 8000});
    QVERIFY(breaker.allowRequest(0));
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    QCOMPARE(breaker.state(0), CircuitBreaker::State::Closed);
    breaker.recordSuccess(); // a success resets the count
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    QCOMPARE(breaker.state(0), CircuitBreaker::State::Closed);
    breaker.recordFailure(10);
    QCOMPARE(breaker.state(10), CircuitBreaker::State::Open);
    QVERIFY(!breaker.allowRequest(500));
    QCOMPARE(breaker.msUntilProbe(500), 510);
}

void TestNetPolicies::breakerHalfOpenProbe()
{
    CircuitBreaker breaker({1, 1000, 8000});
    breaker.recordFailure(0);
    QCOMPARE(breaker.state(999), CircuitBreaker::State::Open);
    QCOMPARE(breaker.state(1000), CircuitBreaker::State::HalfOpen);
    QVERIFY(breaker.allowRequest(1000));  // the probe
    QVERIFY(!breaker.allowRequest(1001)); // only one at a time
    breaker.recordNeutral();              // aborted probe gives the slot back
    QVERIFY(breaker.allowRequest(1002));
    breaker.recordSuccess();
    QCOMPARE(breaker.state(1003), CircuitBreaker::State::Closed);
    QVERIFY(breaker.allowRequest(1003));
}

void TestNetPolicies::breakerProbeFailureDoublesOpenTime()
{
    CircuitBreaker breaker({1, 1000, 3000});
    breaker.recordFailure(0);
    QVERIFY(breaker.allowRequest(1000));
    breaker.recordFailure(1000);
    QCOMPARE(breaker.state(2999), CircuitBreaker::State::Open);
    QCOMPARE(breaker.state(3000), CircuitBreaker::State::HalfOpen);
    QVERIFY(breaker.allowRequest(3000));
    breaker.recordFailure(3000);
    QCOMPARE(breaker.msUntilProbe(3000), 3000); // capped
}

void TestNetPolicies::redactsRegisteredSecretsAndPatterns_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("secret");
    QTest::newRow("registered") << "failed with standard_abc123secret in body"
                                << "standard_abc123secret";
    QTest::newRow("url-key")
        << "GET https://api.ongraphy.com/public/v2/learners?mid=m&key=zz9unregistered&limit=1"
        << "zz9unregistered";
    QTest::newRow("url-key-last") << "http://x/?key=tailsecret"
                                  << "tailsecret";
    QTest::newRow("header") << "X-Appwrite-Key: headersecret99"
                            << "headersecret99";
    QTest::newRow("percent-encoded") << "key%3D? no: https://h/?a=1&key=sec%2Fret"
                                     << "sec%2Fret";
}

void TestNetPolicies::redactsRegisteredSecretsAndPatterns()
{
    QFETCH(QString, text);
    QFETCH(QString, secret);
    SecretRedactor::registerSecret(QStringLiteral("standard_abc123secret"));
    const QString out = SecretRedactor::redact(text);
    QVERIFY2(!out.contains(secret), qPrintable(out));
    QVERIFY(out.contains(QLatin1String(SecretRedactor::kMask)));
}

void TestNetPolicies::redactUrlHidesKeyParameter()
{
    const QUrl url(
        QStringLiteral("https://api.ongraphy.com/public/v2/learners?mid=m1&key=s%20e%2Bcret&query=%7B%7D"));
    const QString out = SecretRedactor::redactUrl(url);
    QVERIFY2(!out.contains(QLatin1String("cret")), qPrintable(out));
    QVERIFY(out.contains(QLatin1String("mid=m1")));
}

void TestNetPolicies::allowedUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("https") << "https://cloud.appwrite.io/v1" << true;
    QTest::newRow("http-loopback") << "http://127.0.0.1:8080/v1" << true;
    QTest::newRow("http-loopback-range") << "http://127.3.4.5/v1" << true;
    QTest::newRow("http-localhost") << "http://localhost:1/v1" << true;
    QTest::newRow("http-ipv6-loopback") << "http://[::1]:80/v1" << true;
    QTest::newRow("http-remote") << "http://cloud.appwrite.io/v1" << false;
    QTest::newRow("http-private") << "http://192.168.1.2/v1" << false;
    QTest::newRow("ftp") << "ftp://127.0.0.1/" << false;
    QTest::newRow("no-host") << "https:///v1" << false;
}

void TestNetPolicies::allowedUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, allowed);
    QString why;
    QCOMPARE(ServiceChannel::isAllowedUrl(QUrl(url), &why), allowed);
    QCOMPARE(why.isEmpty(), allowed);
}

void TestNetPolicies::redirects_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("configured");
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("hopsSoFar");
    QTest::addColumn<bool>("follows");
    const QString api = QStringLiteral("https://cloud.appwrite.io/v1/databases");
    QTest::newRow("read, same origin")
        << QByteArray("GET") << api << "https://cloud.appwrite.io/v1/x" << 0 << true;
    QTest::newRow("HEAD too") << QByteArray("HEAD") << api << "https://cloud.appwrite.io/v1/x" << 0 << true;
    QTest::newRow("host differs only in case")
        << QByteArray("GET") << api << "https://Cloud.Appwrite.IO/v1/x" << 0 << true;
    QTest::newRow("explicit default port")
        << QByteArray("GET") << api << "https://cloud.appwrite.io:443/v1/x" << 0 << true;
    QTest::newRow("fifth hop") << QByteArray("GET") << api << "https://cloud.appwrite.io/v1/x" << 4 << true;
    QTest::newRow("sixth hop") << QByteArray("GET") << api << "https://cloud.appwrite.io/v1/x" << 5 << false;
    QTest::newRow("another host") << QByteArray("GET") << api << "https://evil.example/v1/x" << 0 << false;
    QTest::newRow("a sub-domain is another host")
        << QByteArray("GET") << api << "https://eu.cloud.appwrite.io/v1" << 0 << false;
    QTest::newRow("down to http") << QByteArray("GET") << api << "http://cloud.appwrite.io/v1/x" << 0
                                  << false;
    QTest::newRow("another port") << QByteArray("GET") << api << "https://cloud.appwrite.io:8443/v1/x" << 0
                                  << false;
    QTest::newRow("a write is never re-sent")
        << QByteArray("POST") << api << "https://cloud.appwrite.io/v1/x" << 0 << false;
    QTest::newRow("PATCH neither") << QByteArray("PATCH") << api << "https://cloud.appwrite.io/v1/x" << 0
                                   << false;
}

void TestNetPolicies::redirects()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, configured);
    QFETCH(QString, target);
    QFETCH(int, hopsSoFar);
    QFETCH(bool, follows);
    QCOMPARE(RedirectRule::mayFollow(method, QUrl(configured), QUrl(target), hopsSoFar), follows);
}

void TestNetPolicies::redirectRefusalSaysWhyAndHidesTheKey_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("says");
    QTest::newRow("no Location") << QByteArray("GET") << QString()
                                 << "answered HTTP 302 without saying where to";
    QTest::newRow("another host") << QByteArray("GET")
                                  << "https://mirror.example/public/v2/learners?key=SECRETKEY1"
                                  << "redirects to https://mirror.example/public/v2/learners?key=";
    QTest::newRow("a write")
        << QByteArray("POST") << "https://api.ongraphy.com/other"
        << "redirects this POST to https://api.ongraphy.com/other; a write is never re-sent";
    QTest::newRow("too many") << QByteArray("GET") << "https://api.ongraphy.com/loop"
                              << "redirects more than 5 times (last to https://api.ongraphy.com/loop)";
}

void TestNetPolicies::redirectRefusalSaysWhyAndHidesTheKey()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, target);
    QFETCH(QString, says);
    const QString message = RedirectRule::refusal(
        QStringLiteral("graphy"), method, QUrl(QStringLiteral("https://api.ongraphy.com/public/v2/learners")),
        QUrl(target), 302);
    QVERIFY2(message.startsWith(QStringLiteral("the Graphy endpoint ")), qPrintable(message));
    QVERIFY2(message.contains(says), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("SECRETKEY1")), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestNetPolicies)
#include "tst_net_policies.moc"
