// The settings file through the entry point the app uses: PlainIniFormat::open(FILE) (as
// `completion-checker --config FILE` and the desktop app open it) → ConfigLoader::load, typed values,
// load errors, validation, the description for --help, and the schedule text parsed the way the
// checker parses it. QSettings has no in-memory entry point, so each input is written to one
// scratch file. QSettings caches a parsed file by name and re-reads it only when its size or
// modification time changed, so every input gets a modification time of its own (a file name per
// input instead would grow QSettings' cache with every input).
//
// Then the reader itself, on the same bytes: PlainIniFormat::parse keeps values as text only, and
// what it accepted is written back (serialize) as a file it reads again, unchanged when written a
// second time.
#include "FuzzSupport.h"

#include "checker/Schedule.h"
#include "config/ConfigLoader.h"
#include "config/PlainIniFormat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QProcessEnvironment>
#include <QSettings>
#include <QTemporaryDir>

using namespace cc;

namespace {
QTemporaryDir &scratch()
{
    static QTemporaryDir dir(QStringLiteral("/tmp/cc-fuzz-settings-XXXXXX")); // removed at exit
    return dir;
}

void checkReader(const QByteArray &input)
{
    QSettings::SettingsMap map;
    QString error;
    if (!PlainIniFormat::parse(input, &map, &error)) {
        CC_FUZZ_CHECK(error.startsWith(QLatin1String("line ")) || error.startsWith(QLatin1String("it is")));
        return;
    }
    for (const QVariant &value : std::as_const(map)) {
        const int type = value.metaType().id();
        CC_FUZZ_CHECK(type == QMetaType::QString || type == QMetaType::QStringList);
    }
    QByteArray written;
    if (!PlainIniFormat::serialize(map, &written, &error))
        return; // a value that escapes to a line longer than the reader takes: refused, not written
    QSettings::SettingsMap reread;
    CC_FUZZ_CHECK(PlainIniFormat::parse(written, &reread, &error));
    QByteArray again;
    CC_FUZZ_CHECK(PlainIniFormat::serialize(reread, &again, &error));
    CC_FUZZ_CHECK(again == written);
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz::quietQt();
    static QCoreApplication app(*argc, *argv); // QSettings wants an application object
    if (!scratch().isValid())
        std::abort();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static qint64 counter = 0;
    static const QString path = scratch().filePath(QStringLiteral("settings.ini"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        file.write(reinterpret_cast<const char *>(data), static_cast<qint64>(size));
        file.flush(); // before the time is set: a later write would set it to now
        file.setFileTime(QDateTime::fromSecsSinceEpoch(1'000'000'000 + ++counter, Qt::UTC),
                         QFileDevice::FileModificationTime);
    }
    {
        const std::unique_ptr<QSettings> settings = PlainIniFormat::open(path);
        ConfigLoader loader(QProcessEnvironment(), settings.get());
        const AppConfig config = loader.load();
        (void)loader.warnings();
        // A refused file: no value of it is used, and the loader names the file.
        CC_FUZZ_CHECK(loader.settingsFileError().isEmpty() ||
                      (settings->allKeys().isEmpty() && loader.settingsFileError().contains(path)));
        const QList<ConfigError> errors = config.validate();
        (void)errors;
        (void)config.describe();
        QString why;
        (void)Schedule::parse(config.schedule, &why);
        // Secrets are never taken from a settings file.
        CC_FUZZ_CHECK(config.appwriteApiKey.isEmpty() && config.graphyApiKey.isEmpty());
    }
    checkReader(fuzz::bytes(data, size));
    return 0;
}
