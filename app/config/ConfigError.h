#pragma once

#include "ConfigKey.h"

#include <QString>

namespace cc {

// One problem with the configuration. `message` is a whole sentence that names the setting (its
// environment variable and settings key) and says why; it never contains a secret.
struct ConfigError
{
    ConfigKey key;
    QString name; // the settings key, e.g. "checker/batchSize"
    QString message;

    bool operator==(const ConfigError &) const = default;
};

} // namespace cc
