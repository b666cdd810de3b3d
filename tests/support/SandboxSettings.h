#pragma once

#include <memory>

#include "SandboxControl.h"
#include "SandboxHost.h"
#include "checker/EngineSettings.h"
#include "config/AppConfig.h"

// The app's configuration pointed at a running sandbox, as --sandbox does (SandboxConnection).
cc::AppConfig sandboxAppConfig(const sandbox::SandboxHost &host);

// Engine settings that point at a running sandbox: its endpoints and the credentials it accepts.
// Tests set their own tuning (batch size, limits, retries) on top.
cc::EngineSettings sandboxEngineSettings(const sandbox::SandboxHost &host);

// Sandbox options with the demo data's size and seed; tests set the rest on top.
sandbox::SandboxOptions demoSandboxOptions(int learners, quint32 seed = 1);

// Starts the sandbox of a test program and a client of its control API.
bool startSandbox(sandbox::SandboxHost &host, std::unique_ptr<SandboxControl> &control,
                  const sandbox::SandboxOptions &options, QString *error, int controlTimeoutMs = 60000);
