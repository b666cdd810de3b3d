#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "SandboxControl.h"
#include "SandboxHost.h"

// The base of a test program that runs against one sandbox of its own: the sandbox (m_host) and a
// client of its control API (m_control), started once, usually in initTestCase:
//
//     QString error;
//     QVERIFY2(startSandbox(demoSandboxOptions(60, 11), &error), qPrintable(error));
//
// It declares no slots, so QTest runs only the test's own.
class SandboxTestCase : public QObject
{
protected:
    // Starts the sandbox and its control client; false with the reason in *error.
    bool startSandbox(const sandbox::SandboxOptions &options, QString *error, int controlTimeoutMs = 60000);

    sandbox::SandboxHost m_host;
    std::unique_ptr<SandboxControl> m_control;
};
