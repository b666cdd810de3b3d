// PlainIniFormat, the app's settings file format: what it writes reads back the same with Qt's
// IniFormat and with itself; files written by Qt's IniFormat (or by hand) read the same as Qt reads
// them; hostile files give a clear error or a literal text, never a Qt-deserialized value
// (docs/RELIABILITY.md, "Fuzzing": `@Variant(` made Qt reserve tens of GB).
#include "config/AppConfig.h"
#include "config/ConfigLoader.h"
#include "config/PlainIniFormat.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace cc;

namespace {
void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What a reader of the app sees: the text and the list of text.
QString shown(const QVariant &v)
{
    return QStringLiteral("%1 | %2 | [%3]")
        .arg(v.toString(), v.toStringList().join(QStringLiteral("¦")))
        .arg(v.toStringList().size());
}

const QByteArray kVariantHugeList = "@Variant(\\0\\0\\0\\t\\xff\\xff\\xff\\xff)"; // QVariantList, 4G items
} // namespace

class PlainIniFormatTest : public QObject
{
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void roundTrip_data();
    void roundTrip();
    void sameBytesAsQt_data() { roundTrip_data(); }
    void sameBytesAsQt();
    void readsLikeQt_data();
    void readsLikeQt();
    void hostile_data();
    void hostile();
    void hugeFileAndLine_data();
    void hugeFileAndLine();
    void refusedFileIsNeverOverwritten();
    void unstorableTypeIsRefused();
    void appSettingsRoundTrip_data();
    void appSettingsRoundTrip();
    void userFileIsTheNativeOne();
    void unquotedCommaReachesTheLoaderAsText();

private:
    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }
    // QSettings keeps every file it has seen, parsed, for the whole process (keyed by path only,
    // whatever the format) and reads it again only when its size or time changed: each reader
    // gets a file of its own, or it would see what another QSettings wrote or read.
    QString fresh(const QByteArray &bytes)
    {
        const QString name = m_dir.filePath(QStringLiteral("f%1.conf").arg(++m_files));
        writeFile(name, bytes);
        return name;
    }
    QTemporaryDir m_dir;
    int m_files = 0;
};

void PlainIniFormatTest::roundTrip_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    const auto row = [](const char *name, const char *key, const QVariant &value) {
        QTest::newRow(name) << QString::fromUtf8(key) << value;
    };
    row("text", "appwrite/project", QStringLiteral("project-1"));
    row("url", "appwrite/endpoint", QStringLiteral("https://cloud.appwrite.io/v1?a=b&c=d"));
    row("empty", "a/empty", QString());
    row("spaces around", "a/spaces", QStringLiteral("  two  "));
    row("cron with comma", "checker/schedule", QStringLiteral("0 9,17 * * 1-5"));
    row("semicolon, equals", "a/punct", QStringLiteral("x;y=z # not a comment"));
    row("quotes, backslash", "a/quotes", QStringLiteral("say \"hi\" C:\\dir\\"));
    row("controls", "a/controls",
        QStringLiteral("l1\nl2\r\tx\a\b\f\v\x01"
                       "1f\x1f"
                       "a"));
    row("NUL inside", "a/nul", QString(QStringLiteral("a") + QChar(0) + QStringLiteral("7b")));
    row("starts with @", "a/at", QStringLiteral("@home"));
    row("starts with @@", "a/atat", QStringLiteral("@@x"));
    row("looks like @Variant", "a/variant", QStringLiteral("@Variant(\\0\\0\\0\\t)"));
    row("looks like @ByteArray", "a/bytes", QStringLiteral("@ByteArray(abc)"));
    row("looks like @Invalid", "a/invalid", QStringLiteral("@Invalid()"));
    row("unicode", "a/unicode", QStringLiteral("héllo wörld ☃ 日本 😀 \u007f \u0080 \u00ff"));
    row("BOM inside", "a/bom",
        QStringLiteral("a\x01\uFEFF"
                       "b"));
    row("int", "checker/batchSize", 20);
    row("negative", "a/negative", -7);
    row("long long", "a/big", Q_INT64_C(-9007199254740993));
    row("unsigned", "a/unsigned", 4000000000u);
    row("double", "graphy/rateLimit", 2.5);
    row("whole double", "appwrite/rateLimit", 5.0);
    row("tiny double", "a/tiny", 1e-7);
    row("true", "desktop/notifications", true);
    row("false", "desktop/startMinimized", false);
    row("list", "a/list", QStringList{QStringLiteral("a"), QStringLiteral("b c")});
    row("list of awkward", "a/awkward",
        QStringList{QStringLiteral(" lead"), QStringLiteral("x,y"), QStringLiteral("@at"), QString(),
                    QStringLiteral("q\"\\")});
    row("one-item list", "a/one", QStringList{QStringLiteral("only")});
    row("empty list", "a/none", QStringList());
    row("no group", "topLevel", QStringLiteral("v"));
    row("deep key", "a/b/c/d", QStringLiteral("v"));
    row("escaped key", "odd group/key with space%=;", QStringLiteral("v"));
    row("unicode key", "grüße/ключ", QStringLiteral("v"));
    row("group General", "General/key", QStringLiteral("v"));
    row("group general", "general/key", QStringLiteral("v"));
}

// Written by PlainIniFormat, read by a fresh PlainIniFormat and by Qt's IniFormat: the same.
void PlainIniFormatTest::roundTrip()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    const QString file = fresh(QByteArray());
    QFile::remove(file);
    // Numbers and booleans come back as their text (Qt's IniFormat reads them so too).
    const QVariant expected =
        value.metaType().id() == QMetaType::QStringList ? value : QVariant(value.toString());
    {
        QSettings out(file, PlainIniFormat::format());
        out.setValue(QStringLiteral("other/neighbour"), QStringLiteral("n")); // not alone in the file
        out.setValue(key, value);
        out.sync();
        QCOMPARE(out.status(), QSettings::NoError);
    }
    const QByteArray bytes = readFile(file);
    QSettings::SettingsMap parsed;
    QString error;
    QVERIFY2(PlainIniFormat::parse(bytes, &parsed, &error), qPrintable(error));
    QSettings plain(fresh(bytes), PlainIniFormat::format());
    QSettings qt(fresh(bytes), QSettings::IniFormat);
    QCOMPARE(plain.status(), QSettings::NoError);
    QCOMPARE(qt.status(), QSettings::NoError);
    QCOMPARE(plain.allKeys(), qt.allKeys());
    QVERIFY2(plain.contains(key), bytes.constData());
    QCOMPARE(shown(plain.value(key)), shown(expected));
    QCOMPARE(shown(qt.value(key)), shown(expected));
    QCOMPARE(shown(parsed.value(key)), shown(expected));
    if (value.metaType().id() == QMetaType::QString)
        QCOMPARE(qt.value(key).metaType().id(), int(QMetaType::QString)); // never a Qt-typed value
}

// For one scalar or list, the file is byte for byte what Qt's IniFormat writes.
void PlainIniFormatTest::sameBytesAsQt()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    if (key.startsWith(QLatin1String("general/")))
        QSKIP("Qt writes the group \"general\" as [%General] and reads it back as \"General\"; "
              "PlainIniFormat keeps the case ([%general]), which both read back as written");
    const QString plainFile = fresh(QByteArray());
    const QString qtFile = fresh(QByteArray());
    QFile::remove(plainFile);
    QFile::remove(qtFile);
    {
        QSettings plain(plainFile, PlainIniFormat::format());
        QSettings qt(qtFile, QSettings::IniFormat);
        plain.setValue(key, value);
        qt.setValue(key, value);
    }
    QCOMPARE(readFile(plainFile), readFile(qtFile));
}

void PlainIniFormatTest::readsLikeQt_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("plain") << QByteArray("[appwrite]\nproject=p1\nendpoint=https://x/v1\n");
    QTest::newRow("spaces and tabs") << QByteArray("  [ checker ]  \n\t batchSize \t=\t 20 \t\n");
    QTest::newRow("CRLF and CR") << QByteArray("[a]\r\nx=1\r\ny=2\rz=3\r\n");
    QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF[a]\nx=1\n");
    QTest::newRow("General sections") << QByteArray("top=1\n[General]\nalso=2\n[%General]\nreal=3\n");
    QTest::newRow("comments") << QByteArray("; first\n[a]\n;x=1\ny=2 ; trailing comment\nz=\"3;4\"\n");
    QTest::newRow("escaped keys") << QByteArray(
        "[odd%20group]\nkey%2Fslash=1\nback\\slash=2\nu%U00E9=3\n%zz=4\n");
    QTest::newRow("utf-8 keys") << QByteArray("[grüße]\nключ=значение\n");
    QTest::newRow("quoted values") << QByteArray(
        "[a]\nq=\"a, b; c = d\"\nsp=\"  x  \"\nmix=\"a\" b\nend=x \"y\"\n");
    QTest::newRow("escapes") << QByteArray(
        "[a]\ne=\\a\\b\\f\\n\\r\\t\\v\\\"\\?\\'\\\\\\q!\no=\\101\\0\\7\nx=\\x41\\x263a\\xz\n");
    QTest::newRow("long hex escape") << QByteArray("[a]\nx=\\x4142434445464748494a4b4c4d4e4f\n");
    QTest::newRow("lists") << QByteArray("[a]\nl1=a, b ,c\nl2=\"a,b\", c\nl3=,\nl4=a,\nl5= , x\n");
    QTest::newRow("at signs") << QByteArray(
        "[a]\nx=@@y\ny=@home\nz=@String(a\\0b)\nw=@Invalid()\nv=@Variant(x\n");
    QTest::newRow("list with @@") << QByteArray("[a]\nl=@@a, b\n");
    QTest::newRow("empty values") << QByteArray("[a]\nx=\ny=\"\"\nz= \n");
    QTest::newRow("duplicate keys and sections") << QByteArray("[a]\nx=1\n[b]\ny=2\n[a]\nx=3\n");
    QTest::newRow("unicode value") << QByteArray("[a]\nx=h\xC3\xA9llo \xF0\x9F\x98\x80\n");
    QTest::newRow("corpus quoted_and_escaped")
        << QByteArray("[appwrite]\nendpoint=\"https://cloud.appwrite.io/v1\"\nproject=p\\x31\n"
                      "[checker]\nschedule=\"0 9,17 * * *\"\n");
}

// Text Qt's IniFormat reads without deserializing anything: PlainIniFormat reads the same keys and
// values (files written by earlier versions of the app, or by hand).
void PlainIniFormatTest::readsLikeQt()
{
    QFETCH(QByteArray, text);
    QSettings plain(fresh(text), PlainIniFormat::format());
    QSettings qt(fresh(text), QSettings::IniFormat);
    QCOMPARE(plain.status(), QSettings::NoError);
    QCOMPARE(plain.allKeys(), qt.allKeys());
    QVERIFY(!plain.allKeys().isEmpty());
    for (const QString &key : plain.allKeys())
        QCOMPARE(shown(plain.value(key)), shown(qt.value(key)));

    // Written back, it reads the same, and writing that again gives the same bytes (fuzz_settings
    // checks this on every input it makes).
    QSettings::SettingsMap map;
    QSettings::SettingsMap reread;
    QByteArray written;
    QByteArray again;
    QString error;
    QVERIFY2(PlainIniFormat::parse(text, &map, &error), qPrintable(error));
    QVERIFY2(PlainIniFormat::serialize(map, &written, &error), qPrintable(error));
    QVERIFY2(PlainIniFormat::parse(written, &reread, &error), qPrintable(error));
    QCOMPARE(reread, map);
    QVERIFY(PlainIniFormat::serialize(reread, &again, &error));
    QCOMPARE(again, written);
}

void PlainIniFormatTest::hostile_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error"); // empty: read, with `literal` as the value of a/x
    QTest::addColumn<QString>("literal");
    const QString none;
    QTest::newRow("@Variant huge list")
        << "[checker]\nbatchSize=" + kVariantHugeList + "\n"
        << "line 2 (key checker/batchSize) holds a Qt @Variant() value" << none;
    QTest::newRow("@Variant escaped @")
        << QByteArray("[a]\nx=\\x40Variant(\\0\\0\\0\\t\\xff\\xff\\xff\\xff)\n")
        << "line 2 (key a/x) holds a Qt @Variant() value" << none;
    QTest::newRow("@Variant octal @")
        << QByteArray("[a]\nx=\\100Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x18QString)\n") << "@Variant()" << none;
    QTest::newRow("@Variant every letter escaped")
        << QByteArray(
               "[a]\nx=\\x40\\x56\\x61\\x72\\x69\\x61\\x6e\\x74\\x28\\0\\0\\0\\t\\xff\\xff\\xff\\xff\\x29\n")
        << "@Variant()" << none;
    QTest::newRow("@Variant quoted") << QByteArray("[a]\nx=\" @Variant(x)\"\n") << none
                                     << " @Variant(x)"; // a space first: text for Qt too
    QTest::newRow("@Variant in a list") << "[a]\nx=ok, " + kVariantHugeList + "\n"
                                        << "@Variant()" << none;
    QTest::newRow("@DateTime") << QByteArray("[a]\nx=@DateTime(\\0\\0\\0\\x10)\n") << "@DateTime()" << none;
    QTest::newRow("@ByteArray") << QByteArray("[a]\nx=@ByteArray(\\xff\\xfe)\n") << "@ByteArray()" << none;
    QTest::newRow("@Rect") << QByteArray("[a]\nx=@Rect(1 2 3 4)\n") << "@Rect()" << none;
    QTest::newRow("@Size") << QByteArray("[a]\nx=@Size(1 2)\n") << "@Size()" << none;
    QTest::newRow("@Point") << QByteArray("[a]\nx=@Point(1 2)\n") << "@Point()" << none;
    QTest::newRow("@@Variant is text")
        << QByteArray("[a]\nx=@@Variant(\\0\\0\\0\\t)\n") << none
        << QStringLiteral("@Variant(") + QChar(0) + QChar(0) + QChar(0) + QStringLiteral("\t)");
    QTest::newRow("unclosed @Variant is text")
        << QByteArray("[a]\nx=@Variant(abc\n") << none << "@Variant(abc";
    QTest::newRow("other @ is text") << QByteArray("[a]\nx=@Foo(1)\n") << none << "@Foo(1)";
    QTest::newRow("@String is its text") << QByteArray("[a]\nx=@String(a\\0b)\n") << none
                                         << QString(QStringLiteral("a") + QChar(0) + QStringLiteral("b"));
    QTest::newRow("unterminated quote") << QByteArray("[a]\nx=\"abc\ny=1\n")
                                        << "line 2 (key a/x) has a quoted value that is not closed" << none;
    QTest::newRow("unterminated quote hides no secret")
        << QByteArray("[graphy]\napiKey=\"SECRET-123\n") << "line 2 (key graphy/apiKey) has a quoted" << none;
    QTest::newRow("trailing backslash")
        << QByteArray("[a]\nx=abc\\\ny=1\n") << "line 2 (key a/x) ends with a backslash" << none;
    QTest::newRow("NUL byte") << QByteArray("[a]\nx=a\0b\n", 10) << "line 2 contains a NUL byte" << none;
    QTest::newRow("NUL in a section")
        << QByteArray("[a\0]\nx=1\n", 9) << "line 1 contains a NUL byte" << none;
    QTest::newRow("invalid UTF-8") << QByteArray("[a]\nx=\xff\xfe\n") << "line 2 is not valid UTF-8" << none;
    QTest::newRow("truncated UTF-8") << QByteArray("[a]\n\nx=\xC3\n") << "line 3 is not valid UTF-8" << none;
    QTest::newRow("overlong UTF-8") << QByteArray("[a]\nx=\xC0\xAF\n") << "line 2 is not valid UTF-8" << none;
    QTest::newRow("UTF-8 surrogate") << QByteArray("[a]\nx=\xED\xA0\x80\n") << "line 2 is not valid UTF-8"
                                     << none;
    QTest::newRow("Latin-1 key") << QByteArray("[a]\nk\xE9=1\n") << "line 2 is not valid UTF-8" << none;
    QTest::newRow("section not closed")
        << QByteArray("[a\nx=1\n") << "line 1 starts a section without" << none;
    QTest::newRow("no equals") << QByteArray("[a]\nbatchSize 20\n")
                               << "line 2 is not a [section], a key=value" << none;
    QTest::newRow("no key") << QByteArray("[a]\n = 20\n") << "line 2 is not a [section]" << none;
    QTest::newRow("hex escape overflow") << "[a]\nx=\\x" + QByteArray(60000, 'f') + "\n"
                                         << none << QString(QChar(0xFFFF));
    QTest::newRow("BOM after an escape is a character") // fuzz_settings found it dropped
        << QByteArray("[a]\nx=\\x6\xEF\xBB\xBF"
                      "b\n")
        << none
        << QStringLiteral("\x06\uFEFF"
                          "b");
    QTest::newRow("key ending in a slash") // fuzz_settings: written `s\\=` (Qt's escape), it read as no '='
        << QByteArray("[a]\nx=1\n[b%2Fs]\nk/=v\n") << none << QStringLiteral("1");
    QTest::newRow("many keys") << QByteArray("[a]\n").append(QByteArray("k=v\n").repeated(200000)) << none
                               << none;
}

// Each hostile file: refused with a sentence naming the line (QSettings: FormatError, no keys; the
// loader says so) or read as text. Never a Qt-typed value, never a crash or a huge allocation.
void PlainIniFormatTest::hostile()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    QFETCH(QString, literal);
    QSettings::SettingsMap map;
    QString why;
    QCOMPARE(PlainIniFormat::parse(text, &map, &why), error.isEmpty());

    const QString file = fresh(text);
    QSettings settings(file, PlainIniFormat::format());
    ConfigLoader loader(QProcessEnvironment(), &settings);
    const AppConfig config = loader.load();
    if (!error.isEmpty()) {
        QVERIFY2(why.contains(error), qPrintable(why));
        QCOMPARE(settings.status(), QSettings::FormatError);
        QVERIFY(settings.allKeys().isEmpty());
        QCOMPARE(PlainIniFormat::problem(file), why);
        QVERIFY2(loader.settingsFileError().contains(file) && loader.settingsFileError().contains(why),
                 qPrintable(loader.settingsFileError()));
        QVERIFY(!loader.settingsFileError().contains(QStringLiteral("SECRET")));
        QCOMPARE(config.batchSize, AppConfig().batchSize);
        return;
    }
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(settings.status(), QSettings::NoError);
    QVERIFY(loader.settingsFileError().isEmpty());
    for (const QVariant &value : std::as_const(map)) { // keys as read: value() would normalize them
        const int type = value.metaType().id();
        QVERIFY(type == QMetaType::QString || type == QMetaType::QStringList);
    }
    if (!literal.isNull())
        QCOMPARE(settings.value(QStringLiteral("a/x")).toString(), literal);
    // Written back, it reads the same (fuzz_settings checks this on every input it makes).
    QByteArray written;
    QSettings::SettingsMap reread;
    QVERIFY2(PlainIniFormat::serialize(map, &written, &why), qPrintable(why));
    QVERIFY2(PlainIniFormat::parse(written, &reread, &why), qPrintable(why));
    QCOMPARE(reread, map);
}

void PlainIniFormatTest::hugeFileAndLine_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QByteArray big("[a]\n");
    while (big.size() < 2 * 1024 * 1024)
        big += "key" + QByteArray::number(big.size()) + "=value\n";
    QTest::newRow("2 MiB file") << big << "it is larger than 1048576 bytes";
    QTest::newRow("1 MiB + 1 byte")
        << QByteArray("[a]\nx=").append(QByteArray(1024 * 1024 - 6, 'v')).append("\n")
        << "it is larger than 1048576 bytes";
    QTest::newRow("100 KiB line") << "[a]\nx=" + QByteArray(100 * 1024, 'v') + "\ny=1\n"
                                  << "line 2 is longer than 65536 bytes";
    QTest::newRow("100 KiB key") << "[a]\n" + QByteArray(100 * 1024, 'k') + "=1\n"
                                 << "line 2 is longer than 65536 bytes";
    QTest::newRow("100 KiB quoted, CR") << "[a]\r\nx=\"" + QByteArray(100 * 1024, ',') + "\"\r\n"
                                        << "line 2 is longer than 65536 bytes";
    QTest::newRow("64 KiB line is fine") << "[a]\nx=" + QByteArray(64 * 1024 - 2, 'v') + "\n" << QString();
}

void PlainIniFormatTest::hugeFileAndLine()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    const QString file = fresh(text);
    QSettings settings(file, PlainIniFormat::format());
    if (error.isEmpty()) {
        QCOMPARE(settings.status(), QSettings::NoError);
        QCOMPARE(settings.value(QStringLiteral("a/x")).toString().size(), 64 * 1024 - 2);
        return;
    }
    QCOMPARE(settings.status(), QSettings::FormatError);
    QVERIFY(settings.allKeys().isEmpty());
    QVERIFY2(PlainIniFormat::problem(file).startsWith(error), qPrintable(PlainIniFormat::problem(file)));
    ConfigLoader loader(QProcessEnvironment(), &settings);
    loader.load();
    QVERIFY2(loader.settingsFileError().contains(error), qPrintable(loader.settingsFileError()));
}

// QSettings writes what it has in memory; after a refused read that is nothing, so a save would
// replace the operator's file with only the keys set since. PlainIniFormat keeps the file as it is.
void PlainIniFormatTest::refusedFileIsNeverOverwritten()
{
    const QByteArray broken("[appwrite]\nproject=p1\n[checker]\nbatchSize=\"20\n");
    const QString file = fresh(broken);
    QSettings settings(file, PlainIniFormat::format());
    QCOMPARE(settings.status(), QSettings::FormatError);
    AppConfig config;
    config.maxRetries = 5;
    const QString error = ConfigLoader::save(config, settings);
    QVERIFY2(error.contains(file) && error.contains(QStringLiteral("line 4 (key checker/batchSize)")),
             qPrintable(error));
    settings.setValue(QStringLiteral("ui/trayHintShown"), true); // as DesktopSession does
    settings.sync();
    QCOMPARE(readFile(file), broken);

    // Fixed by hand: saving works again and keeps the keys it does not own.
    writeFile(file, "[appwrite]\nproject=p1\n[ui]\nother=kept\n");
    QSettings fixed(file, PlainIniFormat::format());
    config.appwriteProject = QStringLiteral("p2");
    QCOMPARE(ConfigLoader::save(config, fixed), QString());
    QSettings::SettingsMap written;
    QString why;
    QVERIFY2(PlainIniFormat::parse(readFile(file), &written, &why), qPrintable(why));
    QCOMPARE(written.value(QStringLiteral("appwrite/project")).toString(), QStringLiteral("p2"));
    QCOMPARE(written.value(QStringLiteral("network/maxRetries")).toString(), QStringLiteral("5"));
    QCOMPARE(written.value(QStringLiteral("ui/other")).toString(), QStringLiteral("kept"));
    QCOMPARE(written.value(QStringLiteral("ui/trayHintShown")).toString(), QStringLiteral("true"));
}

void PlainIniFormatTest::unstorableTypeIsRefused()
{
    QSettings::SettingsMap map;
    map.insert(QStringLiteral("a/x"), QByteArray("\x01\x02"));
    QByteArray text;
    QString error;
    QVERIFY(!PlainIniFormat::serialize(map, &text, &error));
    QVERIFY2(error.contains(QStringLiteral("a/x holds a QByteArray")), qPrintable(error));
    map.insert(QStringLiteral("a/x"), QVariantList{1, 2});
    QVERIFY(!PlainIniFormat::serialize(map, &text, &error));
    // What the reader would refuse is not written: 30 000 control characters are 120 000 bytes.
    map.insert(QStringLiteral("a/x"), QString(30000, QChar(1)));
    QVERIFY(!PlainIniFormat::serialize(map, &text, &error));
    QVERIFY2(error.contains(QStringLiteral("a/x is longer than a line")), qPrintable(error));
}

void PlainIniFormatTest::appSettingsRoundTrip_data()
{
    QTest::addColumn<bool>("writtenByQt");
    QTest::newRow("written by PlainIniFormat") << false;
    QTest::newRow("written by Qt's IniFormat") << true;
}

// Every setting of the app, saved and loaded again through ConfigLoader.
void PlainIniFormatTest::appSettingsRoundTrip()
{
    QFETCH(bool, writtenByQt);
    const QString file = fresh(QByteArray());
    AppConfig config;
    config.appwriteEndpoint = QStringLiteral("https://cloud.appwrite.io/v1");
    config.appwriteProject = QStringLiteral("@project, with \"quotes\"; and = signs");
    config.graphyMerchantId = QStringLiteral("  mérchant ☃  ");
    config.dataDir = QStringLiteral("C:\\data\\checker");
    config.attributes.status = QStringLiteral("enrollment_status");
    config.batchSize = 20;
    config.graphyRateLimit = QStringLiteral("2.5");
    config.appwriteRateLimit = QStringLiteral("0.1");
    config.schedule = QStringLiteral("0 9,17 * * 1-5");
    config.historyMaxRows = 100000000;
    config.notificationsEnabled = false;
    config.startMinimized = true;
    {
        QSettings out(file, writtenByQt ? QSettings::IniFormat : PlainIniFormat::format());
        QCOMPARE(ConfigLoader::save(config, out), QString());
    }
    QSettings in(fresh(readFile(file)), PlainIniFormat::format());
    ConfigLoader loader(QProcessEnvironment(), &in);
    const AppConfig loaded = loader.load();
    QCOMPARE(loader.settingsFileError(), QString());
    for (const ConfigKeySpec &spec : configKeySpecs()) {
        // Text is trimmed by the loader (ConfigKey's parseConfigValue), as before.
        const QVariant expected = spec.type == ConfigValueType::Text && !spec.secret
                                      ? QVariant(config.value(spec.key).toString().trimmed())
                                      : config.value(spec.key);
        QVERIFY2(loaded.value(spec.key) == expected, qPrintable(spec.settingsKey));
    }
    QVERIFY(loaded.loadErrors.isEmpty());
}

// The user's file (no --config) is where QSettings() has always kept it on Linux.
void PlainIniFormatTest::userFileIsTheNativeOne()
{
    QCOMPARE(PlainIniFormat::open()->fileName(), QSettings().fileName());
    QCOMPARE(PlainIniFormat::open(path("x.ini"))->fileName(), path("x.ini"));
    QCOMPARE(PlainIniFormat::open()->format(), PlainIniFormat::format());
}

// Qt's syntax makes `0 9,17 * * *` a list; the loader used to get "" from it (QVariant of a list of
// two as text) and now gets the text back.
void PlainIniFormatTest::unquotedCommaReachesTheLoaderAsText()
{
    QSettings settings(fresh("[checker]\nschedule=0 9,17 * * *\n[appwrite]\nproject=a, b\n"),
                       PlainIniFormat::format());
    ConfigLoader loader(QProcessEnvironment(), &settings);
    const AppConfig config = loader.load();
    QCOMPARE(config.schedule, QStringLiteral("0 9,17 * * *"));
    QCOMPARE(config.appwriteProject, QStringLiteral("a,b"));
    QCOMPARE(config.sourceOf(ConfigKey::Schedule), ConfigSource::Settings);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("completion-checker-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_plain_ini_format"));
    PlainIniFormatTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_plain_ini_format.moc"
