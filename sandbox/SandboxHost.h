#pragma once

#include "SandboxOptions.h"

#include <QUrl>

class QThread;
class QObject;

namespace sandbox {

class SandboxService;

// Runs a SandboxService in its own thread, so a client in the calling thread may block or spin a
// nested event loop while the sandbox keeps answering.
class SandboxHost
{
public:
    SandboxHost() = default;
    ~SandboxHost();
    SandboxHost(const SandboxHost &) = delete;
    SandboxHost &operator=(const SandboxHost &) = delete;

    bool start(const SandboxOptions &options, QString *error = nullptr); // returns once listening
    void stop();
    bool isRunning() const { return m_service != nullptr; }
    quint16 port() const { return m_port; }
    const SandboxOptions &options() const { return m_options; }

    QUrl appwriteEndpoint() const; // http://127.0.0.1:P/v1
    QUrl graphyBase() const;       // http://127.0.0.1:P
    QUrl controlBase() const;      // http://127.0.0.1:P/_sandbox

private:
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives in m_thread; used to run code there
    SandboxService *m_service = nullptr;
    SandboxOptions m_options;
    quint16 m_port = 0;
};

} // namespace sandbox
