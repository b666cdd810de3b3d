#pragma once

#include "cli/CommandLine.h"
#include "config/AppConfig.h"

namespace cc {

// The desktop front (DESIGN §3.5, no options): the main window over a checker thread. Needs a
// QApplication. Returns the process exit code.
class DesktopApp
{
public:
    static int run(const CommandLineRequest &request, const AppConfig &config,
                   const QList<ConfigError> &problems);
};

} // namespace cc
