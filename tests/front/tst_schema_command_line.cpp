// completion-checker --provision-schema [--dry-run] and --verify-schema as a deployment's CI runs
// them: real processes against a sandbox in this test (seeded learners and events, no checker_runs
// table), configured with the APPWRITE_* variables only. Exit codes: 2 while something is missing,
// 0 once provisioned, 3 for a key without the scopes; human output lists each action, --json too.
#include "SandboxSettings.h"
#include "SandboxTestCase.h"

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
    QString both() const { return out + err; }
};
} // namespace

class TestSchemaCommandLine : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void usage_data();
    void usage();
    void verifyFailsUntilProvisioned();
    void keyWithoutScopesExitsThree();

private:
    Outcome run(const QStringList &args, const QString &apiKey = QString());
    bool hasRunsTable();

    QTemporaryDir m_home;
};

void TestSchemaCommandLine::initTestCase()
{
    QVERIFY(m_home.isValid());
    sandbox::SandboxOptions options;
    options.learners = 20;
    options.dropCollections = {QStringLiteral("checker_runs")}; // provisioned before the run ledger
    QString error;
    QVERIFY2(startSandbox(options, &error), qPrintable(error));
}

Outcome TestSchemaCommandLine::run(const QStringList &args, const QString &apiKey)
{
    // Only what a CI job would set: no Graphy settings, no settings file of the machine's user.
    QProcessEnvironment e;
    e.insert("PATH", qEnvironmentVariable("PATH"));
    e.insert("HOME", m_home.path());
    e.insert("XDG_CONFIG_HOME", m_home.filePath("config"));
    e.insert("XDG_DATA_HOME", m_home.filePath("data"));
    e.insert("APPWRITE_ENDPOINT", m_host.appwriteEndpoint().toString());
    e.insert("APPWRITE_PROJECT", m_host.options().projectId);
    e.insert("APPWRITE_API_KEY", apiKey.isEmpty() ? m_host.options().apiKey : apiKey);
    QProcess process;
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

bool TestSchemaCommandLine::hasRunsTable()
{
    return m_control->state().value("collections").toObject().contains("checker_runs");
}

void TestSchemaCommandLine::usage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("two modes") << QStringList{"--provision-schema", "--verify-schema"} << "choose one";
    QTest::newRow("dry run with verify") << QStringList{"--verify-schema", "--dry-run"}
                                         << "--dry-run only goes with --check or --provision-schema";
    QTest::newRow("gui") << QStringList{"--gui", "--provision-schema"} << "--gui goes with";
}

void TestSchemaCommandLine::usage()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Outcome o = run(args);
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.contains(message), qPrintable(o.err));
    QVERIFY(!hasRunsTable());
    const Outcome help = run({"--help"});
    QVERIFY(help.out.contains("--provision-schema") && help.out.contains("--verify-schema"));
}

void TestSchemaCommandLine::verifyFailsUntilProvisioned()
{
    QVERIFY(!hasRunsTable());
    const Outcome missing = run({"--verify-schema"});
    QVERIFY2(missing.exitCode == 2, qPrintable(missing.both()));
    QVERIFY2(missing.out.contains("missing       table 'checker_runs'"), qPrintable(missing.out));
    QVERIFY(missing.out.contains("already there column 'event_id' (string 255, required)"));
    QVERIFY(missing.out.contains("The schema is NOT complete"));
    const Outcome missingJson = run({"--verify-schema", "--json"});
    QCOMPARE(missingJson.exitCode, 2);
    QJsonObject report = missingJson.json();
    QCOMPARE(report.value("exitCode").toInt(), 2);
    QCOMPARE(report.value("ok").toBool(), false);
    QCOMPARE(report.value("mode").toString(), QStringLiteral("verify"));
    const QJsonObject runs = report.value("collections").toArray().last().toObject();
    QCOMPARE(runs.value("id").toString(), QStringLiteral("checker_runs"));
    QCOMPARE(runs.value("actions").toArray().first().toObject().value("state").toString(),
             QStringLiteral("missing"));

    const Outcome dry = run({"--provision-schema", "--dry-run"});
    QVERIFY2(dry.exitCode == 0, qPrintable(dry.both()));
    QVERIFY2(dry.out.contains("Schema provisioning (dry run) on TablesDB"), qPrintable(dry.out));
    QVERIFY(dry.out.contains("would create  table 'checker_runs'"));
    QVERIFY(dry.out.contains("would create  column 'slot' (datetime, required)"));
    QVERIFY(dry.out.contains("would create  index 'slot_index' (key on slot)"));
    QVERIFY(dry.out.contains("Nothing was created (dry run)."));
    QVERIFY(!hasRunsTable());

    const Outcome made = run({"--provision-schema"});
    QVERIFY2(made.exitCode == 0, qPrintable(made.both()));
    QVERIFY(made.out.contains("created       table 'checker_runs'"));
    QVERIFY(made.out.contains("created       column 'holder' (string 128, required)"));
    QVERIFY(hasRunsTable());

    const Outcome complete = run({"--verify-schema"});
    QVERIFY2(complete.exitCode == 0, qPrintable(complete.both()));
    QVERIFY(complete.out.contains("The schema is complete."));
    const Outcome again = run({"--provision-schema", "--json"});
    QCOMPARE(again.exitCode, 0);
    report = again.json();
    QVERIFY(report.value("ok").toBool());
    for (const QJsonValue &c : report.value("collections").toArray())
        for (const QJsonValue &a : c.toObject().value("actions").toArray())
            QCOMPARE(a.toObject().value("state").toString(), QStringLiteral("already_there"));
    for (const Outcome *o : {&missing, &dry, &made, &again})
        QVERIFY(!o->both().contains(m_host.options().apiKey));
}

void TestSchemaCommandLine::keyWithoutScopesExitsThree()
{
    const Outcome o = run({"--provision-schema"}, m_host.options().readOnlyApiKey);
    QVERIFY2(o.exitCode == 3, qPrintable(o.both()));
    QVERIFY2(o.out.contains("STOPPED: ") && o.out.contains("lacks the scope"), qPrintable(o.out));
    QVERIFY(!o.both().contains(m_host.options().readOnlyApiKey));
    const Outcome json = run({"--provision-schema", "--json"}, m_host.options().readOnlyApiKey);
    QCOMPARE(json.json().value("exitCode").toInt(), 3);
    QVERIFY(!json.json().value("missingScopes").toArray().isEmpty());
}

QTEST_GUILESS_MAIN(TestSchemaCommandLine)
#include "tst_schema_command_line.moc"
