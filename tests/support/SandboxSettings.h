#pragma once

#include "SandboxHost.h"
#include "checker/EngineSettings.h"

// Engine settings that point at a running sandbox: its endpoints and the credentials it accepts.
// Tests set their own tuning (batch size, limits, retries) on top.
cc::EngineSettings sandboxEngineSettings(const sandbox::SandboxHost &host);
