// The one CSV writer every export uses: quoting, formula guard, streaming and failure.
#include "models/CsvExport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace cc;

class TestCsvExport : public QObject
{
    Q_OBJECT
private slots:
    void cell_data();
    void cell();
    void writeRowsStreamsEveryRowWithCrlf();
    void writeRowsReportsUnwritablePathAndLeavesNoFile();
    void writeModelFlattensTreeUnderParentColumn();
    void suggestedPathIsDatedInAKnownFolder();
};

void TestCsvExport::cell_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "john@example.com"
                           << "john@example.com";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("comma") << "Smith, John"
                           << "\"Smith, John\"";
    QTest::newRow("quote") << "Say \"hi\""
                           << "\"Say \"\"hi\"\"\"";
    QTest::newRow("newline") << "Line\nbreak"
                             << "\"Line\nbreak\"";
    QTest::newRow("carriage return inside") << "a\rb"
                                            << "\"a\rb\"";
    QTest::newRow("leading space") << " padded"
                                   << "\" padded\"";
    QTest::newRow("trailing space") << "padded "
                                    << "\"padded \"";
    QTest::newRow("formula =") << "=HYPERLINK(\"x\")"
                               << "\"'=HYPERLINK(\"\"x\"\")\"";
    QTest::newRow("formula +") << "+1"
                               << "'+1";
    QTest::newRow("formula -") << "-1"
                               << "'-1";
    QTest::newRow("formula @") << "@SUM(A1)"
                               << "'@SUM(A1)";
    QTest::newRow("formula tab") << "\tx"
                                 << "'\tx";
    QTest::newRow("apostrophe inside stays") << "O'Brien"
                                             << "O'Brien";
    QTest::newRow("unicode") << "Zoë Ångström"
                             << "Zoë Ångström";
}

void TestCsvExport::cell()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(CsvExport::cell(text), expected);
}

void TestCsvExport::writeRowsStreamsEveryRowWithCrlf()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.csv"));
    constexpr int rows = 60000; // crosses the 1 MiB write chunk more than once
    QString error;
    QVERIFY2(CsvExport::writeRows(
                 path, {QStringLiteral("n"), QStringLiteral("name")}, rows,
                 [](int r) {
                     return QStringList{QString::number(r), QStringLiteral("Row, %1").arg(r)};
                 },
                 &error),
             qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), rows + 2); // header, rows, and the empty tail after the last CRLF
    QCOMPARE(lines.first(), QByteArray("n,name\r"));
    QCOMPARE(lines.at(rows), QByteArray("59999,\"Row, 59999\"\r"));
    QVERIFY(lines.last().isEmpty());
}

void TestCsvExport::writeRowsReportsUnwritablePathAndLeavesNoFile()
{
    const QString path = QStringLiteral("/nonexistent-dir/x/out.csv");
    QString error;
    QVERIFY(!CsvExport::writeRows(
        path, {QStringLiteral("a")}, 1, [](int) { return QStringList{"1"}; }, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TestCsvExport::writeModelFlattensTreeUnderParentColumn()
{
    QStandardItemModel model;
    model.setHorizontalHeaderLabels({QStringLiteral("Time"), QStringLiteral("Message")});
    auto *group = new QStandardItem(QStringLiteral("Graphy unreachable"));
    group->appendRow(
        {new QStandardItem(QStringLiteral("10:00")), new QStandardItem(QStringLiteral("timeout, 30 s"))});
    group->appendRow({new QStandardItem(QStringLiteral("10:15")), new QStandardItem(QStringLiteral("=cmd"))});
    model.appendRow({group, new QStandardItem(QStringLiteral("2 errors"))});
    model.appendRow({new QStandardItem(QStringLiteral("11:00")), new QStandardItem(QStringLiteral("alone"))});
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("errors.csv"));
    QString error;
    QVERIFY2(CsvExport::writeModel(&model, path, QStringLiteral("Cause"), &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()),
             QStringLiteral("Cause,Time,Message\r\n"
                            "Graphy unreachable,10:00,\"timeout, 30 s\"\r\n"
                            "Graphy unreachable,10:15,'=cmd\r\n"
                            ",11:00,alone\r\n"));
}

void TestCsvExport::suggestedPathIsDatedInAKnownFolder()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QByteArray oldHome = qgetenv("HOME");
    qputenv("HOME", home.path().toLocal8Bit());
    QStandardPaths::setTestModeEnabled(false);
    const QDate day(2026, 12, 2);
    // The last folder used wins while it exists.
    QCOMPARE(CsvExport::suggestedPath(QStringLiteral("learners"), day, home.path()),
             QDir(home.path()).filePath(QStringLiteral("learners-2026-12-02.csv")));
    // Else the documents folder, else the home folder: never the working folder.
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested = CsvExport::suggestedPath(QStringLiteral("errors"), day, home.filePath("gone"));
    QVERIFY2(suggested.endsWith(QStringLiteral("/errors-2026-12-02.csv")), qPrintable(suggested));
    const QString folder = QFileInfo(suggested).absolutePath();
    QVERIFY2(folder == (QDir(documents).exists() ? documents : QDir::homePath()), qPrintable(suggested));
    QVERIFY(folder != QDir::currentPath());
    qputenv("HOME", oldHome);
}

QTEST_GUILESS_MAIN(TestCsvExport)
#include "tst_csv_export.moc"
