// The settings file (INI, read by QSettings) through ConfigLoader::load, as `completion-checker
// --settings FILE` and the desktop app read it: typed values, load errors, validation, the
// description for --help, and the schedule text parsed the way the checker parses it. There is no
// in-memory entry point (ConfigLoader takes a QSettings), so each input is written to one scratch
// file. QSettings caches a parsed file by name and re-reads it only when its size or modification
// time changed, so every input gets a modification time of its own (a file name per input instead
// would grow QSettings' cache with every input).
#include "FuzzSupport.h"

#include "checker/Schedule.h"
#include "config/ConfigLoader.h"

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
        QSettings settings(path, QSettings::IniFormat);
        ConfigLoader loader(QProcessEnvironment(), &settings);
        const AppConfig config = loader.load();
        (void)loader.warnings();
        const QList<ConfigError> errors = config.validate();
        (void)errors;
        (void)config.describe();
        QString why;
        (void)Schedule::parse(config.schedule, &why);
        // Secrets are never taken from a settings file.
        CC_FUZZ_CHECK(config.appwriteApiKey.isEmpty() && config.graphyApiKey.isEmpty());
    }
    return 0;
}
