#include "SandboxTestCase.h"

#include "SandboxSettings.h"

bool SandboxTestCase::startSandbox(const sandbox::SandboxOptions &options, QString *error,
                                   int controlTimeoutMs)
{
    return ::startSandbox(m_host, m_control, options, error, controlTimeoutMs);
}
