// completion-checker's command line: modes, exit codes, JSON output, configuration errors refused
// before any request, a broken local database that does not stop checking, no secret in any output.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Outcome
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

Outcome run(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment())
{
    QProcess process;
    QProcessEnvironment e = env;
    if (e.isEmpty()) {
        // A clean environment: no configuration leaks in from the machine running the test.
        e.insert("PATH", qEnvironmentVariable("PATH"));
        e.insert("HOME", qEnvironmentVariable("HOME"));
    }
    process.setProcessEnvironment(e);
    process.start(QStringLiteral(CC_CHECKER_BINARY), args);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

QProcessEnvironment configured(const QString &endpoint)
{
    QProcessEnvironment e;
    e.insert("PATH", qEnvironmentVariable("PATH"));
    e.insert("HOME", qEnvironmentVariable("HOME"));
    e.insert("APPWRITE_ENDPOINT", endpoint);
    e.insert("APPWRITE_PROJECT", "p1");
    e.insert("APPWRITE_API_KEY", "standard_topsecretkey123");
    e.insert("GRAPHY_API_KEY", "graphy-secret-456");
    e.insert("GRAPHY_MERCHANT_ID", "m1");
    return e;
}
} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT
private slots:
    void helpAndVersion();
    void usageErrors_data();
    void usageErrors();
    void badConfigurationRefusedBeforeAnyRequest_data();
    void badConfigurationRefusedBeforeAnyRequest();
    void unreachableServiceExitsThree();
    void onceOnSandboxJson();
    void healthOnSandbox();
    void checkDryRunReportsWrites();
    void brokenDatabaseDoesNotStopChecking();
    void oneCheckerPerDataDirectory();
};

void TestCommandLine::helpAndVersion()
{
    const Outcome help = run({"--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--once"));
    QVERIFY(help.out.contains("Exit codes"));
    const Outcome version = run({"--version"});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.contains("completion-checker"));
}

void TestCommandLine::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("two-modes") << QStringList{"--once", "--health"} << "choose one";
    QTest::newRow("dry-run-alone") << QStringList{"--once", "--dry-run"} << "--dry-run";
    QTest::newRow("unknown-option") << QStringList{"--frobnicate"} << "frobnicate";
    QTest::newRow("stray-argument") << QStringList{"--once", "extra"} << "unexpected";
    QTest::newRow("json-desktop") << QStringList{"--json"} << "--json";
    QTest::newRow("gui-with-once") << QStringList{"--gui", "--once"} << "--gui goes with";
    QTest::newRow("gui-check-without-display")
        << QStringList{"--sandbox", "--gui", "--check", "ada@example.com"} << "needs a display";
}

void TestCommandLine::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Outcome o = run(args);
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.contains(message), qPrintable(o.err));
}

void TestCommandLine::badConfigurationRefusedBeforeAnyRequest_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("names");
    QTest::newRow("missing-endpoint") << QString() << QStringList{"--once"} << "APPWRITE_ENDPOINT";
    QTest::newRow("malformed-url") << "not a url" << QStringList{"--once"} << "APPWRITE_ENDPOINT";
    QTest::newRow("plain-http-remote")
        << "http://cloud.appwrite.io/v1" << QStringList{"--health"} << "APPWRITE_ENDPOINT";
    QTest::newRow("batch-size-0") << "https://cloud.appwrite.io/v1"
                                  << QStringList{"--once", "--batch-size", "0"} << "BATCH_SIZE";
    QTest::newRow("concurrency-junk")
        << "https://cloud.appwrite.io/v1" << QStringList{"--once", "--concurrency", "x"} << "CONCURRENCY";
}

void TestCommandLine::badConfigurationRefusedBeforeAnyRequest()
{
    QFETCH(QString, endpoint);
    QFETCH(QStringList, args);
    QFETCH(QString, names);
    QProcessEnvironment env = configured(endpoint);
    if (endpoint.isEmpty())
        env.remove("APPWRITE_ENDPOINT");
    const Outcome o = run(args, env);
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.contains(names), qPrintable(o.err));
    QVERIFY(o.err.contains("Nothing was sent"));
    QVERIFY(!o.err.contains("topsecretkey") && !o.out.contains("topsecretkey"));
}

void TestCommandLine::unreachableServiceExitsThree()
{
    // A loopback port nobody listens on: the connection is refused at once.
    QProcessEnvironment env = configured("http://127.0.0.1:9/v1");
    env.insert("GRAPHY_API_BASE", "http://127.0.0.1:9");
    env.insert("COMPLETION_CHECKER_MAX_RETRIES", "0");
    QTemporaryDir data;
    const Outcome health = run({"--health", "--json"}, env);
    QCOMPARE(health.exitCode, 3);
    QCOMPARE(health.json().value("appwrite").toObject().value("reachable").toBool(), false);
    const Outcome once = run({"--once"}, env);
    QCOMPARE(once.exitCode, 3);
    QVERIFY2(once.out.contains("could not list enrolled learners"), qPrintable(once.out));
    for (const QString &text : {health.out, health.err, once.out, once.err}) {
        QVERIFY(!text.contains("topsecretkey"));
        QVERIFY(!text.contains("graphy-secret-456"));
    }
}

void TestCommandLine::onceOnSandboxJson()
{
    const Outcome o = run({"--sandbox", "--once", "--json", "--sandbox-learners", "120"});
    QVERIFY2(o.exitCode == 0 || o.exitCode == 1, qPrintable(o.err));
    const QJsonObject report = o.json();
    const QJsonObject figures = report.value("run").toObject();
    QCOMPARE(figures.value("state").toString(), QString("finished"));
    QVERIFY(figures.value("processed").toInt() > 0);
    QVERIFY(figures.value("completed").toInt() > 0);
    QCOMPARE(report.value("outcomes").toArray().size(), figures.value("processed").toInt());
    QCOMPARE(report.value("exitCode").toInt(), o.exitCode);
    QVERIFY(!o.out.contains("sandbox-appwrite-key") && !o.err.contains("sandbox-appwrite-key"));
    QVERIFY(!o.out.contains("sandbox-graphy-key") && !o.err.contains("sandbox-graphy-key"));
}

void TestCommandLine::healthOnSandbox()
{
    const Outcome o = run({"--sandbox", "--health", "--json"});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject report = o.json();
    QVERIFY(report.value("ok").toBool());
    QCOMPARE(report.value("schema").toObject().value("problems").toArray().size(), 0);
    const Outcome human = run({"--sandbox", "--health"});
    QVERIFY(human.out.contains("Appwrite: ok"));
    QVERIFY(human.out.contains("Schema: ok"));
}

void TestCommandLine::checkDryRunReportsWrites()
{
    // The sandbox's demo data is deterministic: a learner completed in one --once run is enrolled
    // and complete in every fresh sandbox.
    const Outcome once = run({"--sandbox", "--once", "--json", "--sandbox-learners", "60"});
    QString email;
    for (const QJsonValue &v : once.json().value("outcomes").toArray()) {
        if (v.toObject().value("outcome").toString() == "completed") {
            email = v.toObject().value("email").toString();
            break;
        }
    }
    QVERIFY(!email.isEmpty());
    const Outcome dry =
        run({"--sandbox", "--check", email, "--dry-run", "--json", "--sandbox-learners", "60"});
    QCOMPARE(dry.exitCode, 0);
    const QJsonArray learners = dry.json().value("learners").toArray();
    QCOMPARE(learners.size(), 1);
    const QJsonObject entry = learners.first().toObject();
    QCOMPARE(entry.value("outcome").toString(), QString("completed"));
    QVERIFY(entry.value("dryRun").toBool());
    QVERIFY(entry.value("writes").toObject().contains("event"));
    QVERIFY(entry.value("writes").toObject().contains("learner"));
    QVERIFY(!entry.value("graphyCourse").toObject().isEmpty());

    const Outcome missing =
        run({"--sandbox", "--check", "nobody@nowhere.example", "--sandbox-learners", "60"});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.out.contains("no learner with e-mail"));
}

void TestCommandLine::brokenDatabaseDoesNotStopChecking()
{
    QTemporaryDir dir;
    QFile garbage(dir.filePath("completion-checker.sqlite"));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(8192, 'x'));
    garbage.close();
    const Outcome o = run({"--sandbox", "--once", "--data-dir", dir.path(), "--sandbox-learners", "40"});
    QVERIFY2(o.exitCode == 0 || o.exitCode == 1, qPrintable(o.err));
    QVERIFY2(o.err.contains("completion-checker.sqlite"), qPrintable(o.err));
    QVERIFY(o.err.contains("checking goes on"));
    QVERIFY(o.out.contains("processed"));
}

void TestCommandLine::oneCheckerPerDataDirectory()
{
    // A --headless scheduler holds the data directory; a --once beside it must not open the same
    // database (it would mark the scheduler's live run "interrupted"): it names the holder and
    // exits 4, or waits with --wait until the holder ends. --health reads only the services.
    QTemporaryDir data;
    QProcessEnvironment env;
    env.insert("PATH", qEnvironmentVariable("PATH"));
    env.insert("HOME", qEnvironmentVariable("HOME"));
    QProcess holder;
    holder.setProcessEnvironment(env);
    holder.start(QStringLiteral(CC_CHECKER_BINARY),
                 {"--sandbox", "--headless", "--sandbox-learners", "20", "--data-dir", data.path()});
    QVERIFY(holder.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(data.filePath("completion-checker.lock")), 20000);

    const Outcome refused =
        run({"--sandbox", "--once", "--sandbox-learners", "20", "--data-dir", data.path()}, env);
    QCOMPARE(refused.exitCode, 4);
    QVERIFY2(refused.err.contains(QString::number(holder.processId())) && refused.err.contains(data.path()),
             qPrintable(refused.err));
    const Outcome health = run({"--sandbox", "--health", "--data-dir", data.path()}, env);
    QCOMPARE(health.exitCode, 0);

    QProcess waiter;
    waiter.setProcessEnvironment(env);
    waiter.start(QStringLiteral(CC_CHECKER_BINARY),
                 {"--sandbox", "--once", "--wait", "--sandbox-learners", "20", "--data-dir", data.path()});
    QVERIFY(waiter.waitForStarted());
    QByteArray waiterErr;
    QTRY_VERIFY_WITH_TIMEOUT((waiterErr += waiter.readAllStandardError()).contains("waiting until it ends"),
                             20000);
    QCOMPARE(waiter.state(), QProcess::Running);
    holder.terminate(); // SIGTERM: the scheduler stops cleanly and lets go of the directory
    QVERIFY(holder.waitForFinished(20000));
    QVERIFY(waiter.waitForFinished(60000));
    QVERIFY2(waiter.exitCode() == 0 || waiter.exitCode() == 1,
             qPrintable(waiterErr + waiter.readAllStandardError()));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"
