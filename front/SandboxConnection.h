#pragma once

#include "config/AppConfig.h"
#include "config/ConfigKey.h"

#include <QHash>
#include <QString>

namespace sandbox {
class SandboxHost;
}

namespace cc {

// What "point the app at a running sandbox" means, in one place: the sandbox's endpoints, the
// credentials it accepts and loopback-sized rate limits (there is no real service to spare). Used
// by --sandbox, "Try with demo data", the tests and the benchmarks, so none of them can drift.
class SandboxConnection
{
public:
    // Settings overrides, to apply on top of whatever the environment or settings file said. The
    // rate limits are a default only: a limit given on the command line wins (isRateLimit()).
    static QHash<ConfigKey, QString> overrides(const sandbox::SandboxHost &host);
    // `config` with the overrides applied, keeping rate limits that came from the command line.
    static AppConfig applied(AppConfig config, const sandbox::SandboxHost &host);
    static bool isRateLimit(ConfigKey key);
};

} // namespace cc
