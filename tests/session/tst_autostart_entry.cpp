// The XDG autostart entry: written, read back, disabled by a desktop's own settings, removed.
#include "session/AutostartEntry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace cc;

class tst_AutostartEntry : public QObject
{
    Q_OBJECT
private slots:
    void quoting_data();
    void quoting();
    void enableWritesAnEntryThatStartsMinimized();
    void disabledByTheDesktop_data();
    void disabledByTheDesktop();
    void disableRemovesIt();
    void unwritableDirectoryIsAClearError();
    void entryPassesTheFreedesktopValidator();
    void execRoundTripsThroughGLib_data();
    void execRoundTripsThroughGLib();
};

void tst_AutostartEntry::quoting_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("plain") << "/usr/bin/completion-checker"
                           << "/usr/bin/completion-checker";
    QTest::newRow("space") << "/opt/My Apps/cc"
                           << "\"/opt/My Apps/cc\"";
    // Exec quoting (backslash before $ " ` and backslash), then the string escape doubles
    // every backslash of it.
    QTest::newRow("dollar and quote") << "a$b\"c"
                                      << "\"a\\\\$b\\\\\"c\"";
    QTest::newRow("backslash") << "C:\\x"
                               << "\"C:\\\\\\\\x\"";
    QTest::newRow("percent") << "100%"
                             << "100%%";
    QTest::newRow("empty") << ""
                           << "\"\"";
}

void tst_AutostartEntry::quoting()
{
    QFETCH(QString, argument);
    QFETCH(QString, quoted);
    QCOMPARE(AutostartEntry::quoteExecArgument(argument), quoted);
}

void tst_AutostartEntry::enableWritesAnEntryThatStartsMinimized()
{
    QTemporaryDir dir;
    AutostartEntry entry(dir.path() + QStringLiteral("/autostart"));
    QVERIFY(!entry.isEnabled());
    QString error;
    QVERIFY2(entry.enable(QStringLiteral("/opt/cc dir/completion-checker"),
                          {QStringLiteral("--config"), QStringLiteral("/home/a/cc.ini")}, &error),
             qPrintable(error));
    QVERIFY(entry.isEnabled());
    QFile f(entry.filePath());
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.startsWith(QStringLiteral("[Desktop Entry]\n")));
    QVERIFY2(text.contains(QStringLiteral(
                 "\nExec=\"/opt/cc dir/completion-checker\" --config /home/a/cc.ini --minimized\n")),
             qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("\nType=Application\n")));
}

void tst_AutostartEntry::disabledByTheDesktop_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("enabled");
    QTest::newRow("hidden") << "Hidden=true" << false;
    QTest::newRow("gnome off") << "X-GNOME-Autostart-enabled=false" << false;
    QTest::newRow("gnome on") << "X-GNOME-Autostart-enabled=true" << true;
    QTest::newRow("hidden false") << "Hidden=false" << true;
}

void tst_AutostartEntry::disabledByTheDesktop()
{
    QFETCH(QString, line);
    QFETCH(bool, enabled);
    QTemporaryDir dir;
    AutostartEntry entry(dir.path());
    QFile f(entry.filePath());
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(
        ("[Desktop Entry]\nType=Application\nExec=completion-checker --minimized\n" + line + "\n").toUtf8());
    f.close();
    QCOMPARE(entry.isEnabled(), enabled);
}

void tst_AutostartEntry::disableRemovesIt()
{
    QTemporaryDir dir;
    AutostartEntry entry(dir.path());
    QString error;
    QVERIFY(entry.enable(QStringLiteral("completion-checker"), {}, &error));
    QVERIFY(QFile::exists(entry.filePath()));
    QVERIFY(entry.disable(&error));
    QVERIFY(!QFile::exists(entry.filePath()));
    QVERIFY(!entry.isEnabled());
    QVERIFY(entry.disable(&error)); // already gone: fine
}

void tst_AutostartEntry::unwritableDirectoryIsAClearError()
{
    QTemporaryDir dir;
    QFile blocker(dir.path() + QStringLiteral("/autostart"));
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the directory should be
    blocker.close();
    AutostartEntry entry(blocker.fileName());
    QString error;
    QVERIFY(!entry.enable(QStringLiteral("completion-checker"), {}, &error));
    QVERIFY2(error.contains(blocker.fileName()), qPrintable(error));
}

void tst_AutostartEntry::entryPassesTheFreedesktopValidator()
{
    const QString validator = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
    if (validator.isEmpty())
        QSKIP("desktop-file-validate is not installed (scripts/setup.sh installs desktop-file-utils)");
    QTemporaryDir dir;
    AutostartEntry entry(dir.path());
    QString error;
    QVERIFY(entry.enable(QStringLiteral("/opt/My $Apps/completion-checker"),
                         {QStringLiteral("--config"), QStringLiteral("/tmp/a \\b.ini")}, &error));
    QProcess p;
    p.start(validator, {entry.filePath()});
    QVERIFY(p.waitForFinished(10000));
    const QString out = QString::fromLocal8Bit(p.readAllStandardOutput() + p.readAllStandardError());
    QVERIFY2(p.exitCode() == 0 && !out.contains(QStringLiteral("error")), qPrintable(out));
}

void tst_AutostartEntry::execRoundTripsThroughGLib_data()
{
    QTest::addColumn<QString>("executable");
    QTest::addColumn<QString>("config");
    QTest::newRow("plain") << "/usr/bin/completion-checker"
                           << "/home/a/cc.ini";
    QTest::newRow("spaces") << "/opt/My Apps/completion-checker"
                            << "/home/a/my settings.ini";
    QTest::newRow("dollar, quote, backtick") << "/opt/a$b/cc"
                                             << "/tmp/it's \"odd\" `x`.ini";
    QTest::newRow("backslash and percent") << "/opt/c\\d/cc"
                                           << "/tmp/100%.ini";
}

void tst_AutostartEntry::execRoundTripsThroughGLib()
{
    // What a desktop (GLib's key file and shell parser, as GNOME and XFCE use) makes of the Exec
    // line must be exactly the program and arguments we meant.
    const QString python = QStringLiteral("/usr/bin/python3");
    const char *script =
        "import gi,sys,json\n"
        "gi.require_version('GLib','2.0')\n"
        "from gi.repository import GLib\n"
        "k=GLib.KeyFile(); k.load_from_file(sys.argv[1], GLib.KeyFileFlags.NONE)\n"
        "print(json.dumps(GLib.shell_parse_argv(k.get_string('Desktop Entry','Exec'))[1]))\n";
    QProcess probe;
    probe.start(python, {QStringLiteral("-c"), QStringLiteral("import gi")});
    if (!probe.waitForFinished(10000) || probe.exitCode() != 0)
        QSKIP("python3-gi is not installed (scripts/setup.sh installs it)");
    QFETCH(QString, executable);
    QFETCH(QString, config);
    QTemporaryDir dir;
    AutostartEntry entry(dir.path());
    QString error;
    QVERIFY(entry.enable(executable, {QStringLiteral("--config"), config}, &error));
    QProcess p;
    p.start(python, {QStringLiteral("-c"), QString::fromLatin1(script), entry.filePath()});
    QVERIFY(p.waitForFinished(10000));
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QStringList argv;
    for (const QJsonValue &v : QJsonDocument::fromJson(out).array())
        argv << v.toString();
    // Exec's %% is a literal % only to the launcher; GLib's shell parser leaves it doubled.
    QString expectedConfig = config;
    expectedConfig.replace(QLatin1Char('%'), QStringLiteral("%%"));
    QCOMPARE(argv, (QStringList{executable, QStringLiteral("--config"), expectedConfig,
                                QStringLiteral("--minimized")}));
}

QTEST_GUILESS_MAIN(tst_AutostartEntry)
#include "tst_autostart_entry.moc"
