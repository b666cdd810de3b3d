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
    // The HTTP channel of one service as the checker runs it (timeouts, retries, breaker, limits).
    static ServiceChannel::Settings channelSettings(const QString &service, const EngineSettings &settings,
                                                    int maxInFlight, double ratePerSecond,
                                                    bool adaptive = false, double startRate = 0);
};

} // namespace cc
