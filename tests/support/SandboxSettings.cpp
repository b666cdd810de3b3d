#include "SandboxSettings.h"

#include "FamilyUnderTest.h"
#include "checker/EngineConfiguration.h"
#include "front/SandboxConnection.h"

cc::AppConfig sandboxAppConfig(const sandbox::SandboxHost &host)
{
    cc::AppConfig config = cc::SandboxConnection::applied(cc::AppConfig{}, host);
    config.appwriteApi = cc::AppwriteFamily::apiName(familytest::apiUnderTest());
    return config;
}

cc::EngineSettings sandboxEngineSettings(const sandbox::SandboxHost &host)
{
    // Only the connection comes from the app's sandbox settings; the tuning stays at the engine's
    // defaults, which tests change on top.
    const cc::EngineSettings app = cc::EngineConfiguration::engineSettings(sandboxAppConfig(host));
    cc::EngineSettings s;
    s.appwrite = app.appwrite;
    s.graphy = app.graphy;
    return s;
}

sandbox::SandboxOptions demoSandboxOptions(int learners, quint32 seed)
{
    sandbox::SandboxOptions options;
    options.learners = learners;
    options.seed = seed;
    return options;
}

bool startSandbox(sandbox::SandboxHost &host, std::unique_ptr<SandboxControl> &control,
                  const sandbox::SandboxOptions &options, QString *error, int controlTimeoutMs)
{
    if (!host.start(options, error))
        return false;
    control = std::make_unique<SandboxControl>(host.controlBase(), controlTimeoutMs);
    return true;
}
