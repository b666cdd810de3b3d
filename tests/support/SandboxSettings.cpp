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
