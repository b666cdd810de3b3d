#pragma once

#include "config/ConfigKey.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace cc {

// docs/ARCHITECTURE.md §11.3: what the command line asked for.
struct CommandLineRequest
{
    enum class Mode { Desktop, Headless, Once, Health, Check, ProvisionSchema, VerifySchema };

    Mode mode = Mode::Desktop;
    bool json = false;
    bool dryRun = false;             // --check, --provision-schema: report, write nothing
    bool certifyNotEnrolled = false; // --check: the operator confirmed it on the command line
    bool wait = false; // another checker holds the data directory: wait for it instead of exiting
    bool sandbox = false;
    bool minimized = false;
    int sandboxLearners = 200;
    QString checkTarget;                 // --check ID|EMAIL
    QString settingsFile;                // --config FILE (ini); empty: the user's settings
    QHash<ConfigKey, QString> overrides; // options that set configuration keys
    // Not an option: set at start-up when a demo (--sandbox) instance is running while this launch
    // is not one, so the window can say so.
    bool demoRunningElsewhere = false;
};

// Parses argv with QCommandLineParser. --help and --version print and exit 0 inside parse();
// usage errors return false with a message (exit code 2).
class CommandLine
{
public:
    static bool parse(const QStringList &arguments, CommandLineRequest *request, QString *error);
};

} // namespace cc
