// The desktop app as a process (offscreen): it starts in the tray over the demo data, checks it,
// and a termination request (logout, kill) ends it like Quit: the checker stopped, the run and
// its results in the local database, exit code 0.
#include "store/LocalStore.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class tst_DesktopProcess : public QObject
{
    Q_OBJECT
private slots:
    void terminationStopsTheCheckerCleanly();

private:
    static int count(const QString &dbPath, const QString &sql);
};

int tst_DesktopProcess::count(const QString &dbPath, const QString &sql)
{
    int n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        db.setDatabaseName(dbPath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                n = q.value(0).toInt();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return n;
}

void tst_DesktopProcess::terminationStopsTheCheckerCleanly()
{
    QTemporaryDir home;
    QTemporaryDir data;
    QTemporaryDir runtime;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    QProcess app;
    app.setProcessEnvironment(env);
    app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    app.start(QStringLiteral(CC_CHECKER_BINARY),
              {QStringLiteral("--sandbox"), QStringLiteral("--minimized"), QStringLiteral("--data-dir"),
               data.path(), QStringLiteral("--config"), home.filePath(QStringLiteral("cc.ini"))});
    QVERIFY(app.waitForStarted());
    const QString db = cc::LocalStore::pathIn(data.path());
    // --sandbox checks the demo data at once.
    QTRY_VERIFY_WITH_TIMEOUT(
        count(db, QStringLiteral("SELECT COUNT(*) FROM runs WHERE state = 'finished'")) == 1, 30000);
    QCOMPARE(app.state(), QProcess::Running);

    ::kill(pid_t(app.processId()), SIGTERM);
    QVERIFY(app.waitForFinished(15000));
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 0);
    QCOMPARE(count(db, QStringLiteral("SELECT COUNT(*) FROM runs WHERE state = 'running'")), 0);
    QVERIFY(count(db, QStringLiteral("SELECT COUNT(*) FROM latest_checks")) > 100);
}

QTEST_GUILESS_MAIN(tst_DesktopProcess)
#include "tst_desktop_process.moc"
