#pragma once

#include "CheckerWorker.h"
#include "EngineSettings.h"
#include "config/AppConfig.h"

namespace cc {

// Turns the validated AppConfig into what the checker thread takes.
class EngineConfiguration
{
public:
    static EngineSettings engineSettings(const AppConfig &config);
    static WorkerOptions workerOptions(const AppConfig &config);
};

} // namespace cc
