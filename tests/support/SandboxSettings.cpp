#include "SandboxSettings.h"

cc::EngineSettings sandboxEngineSettings(const sandbox::SandboxHost &host)
{
    cc::EngineSettings s;
    s.appwrite.endpoint = host.appwriteEndpoint();
    s.appwrite.projectId = host.options().projectId;
    s.appwrite.apiKey = host.options().apiKey;
    s.appwrite.databaseId = host.options().databaseId;
    s.graphy.apiBase = host.graphyBase();
    s.graphy.merchantId = host.options().graphyMid;
    s.graphy.apiKey = host.options().graphyKey;
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
