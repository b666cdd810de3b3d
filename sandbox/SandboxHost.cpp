#include "SandboxHost.h"

#include "SandboxService.h"

#include <QMetaObject>
#include <QThread>

namespace sandbox {

SandboxHost::~SandboxHost()
{
    stop();
}

bool SandboxHost::start(const SandboxOptions &options, QString *error)
{
    stop();
    m_options = options;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("sandbox"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();
    bool ok = false;
    QString failure;
    // Build and start the service inside its thread: its sockets and timers must belong there.
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            auto *service = new SandboxService(options);
            ok = service->start(&failure);
            if (ok) {
                m_service = service;
                m_port = service->port();
            } else {
                delete service;
            }
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        stop();
        if (error)
            *error = failure;
        return false;
    }
    return true;
}

void SandboxHost::stop()
{
    if (!m_thread)
        return;
    if (m_service) {
        SandboxService *service = m_service;
        QMetaObject::invokeMethod(
            m_context, [service] { delete service; }, Qt::BlockingQueuedConnection);
        m_service = nullptr;
    }
    QObject *context = m_context;
    QMetaObject::invokeMethod(
        m_context, [context] { delete context; }, Qt::BlockingQueuedConnection);
    m_context = nullptr;
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_port = 0;
}

QUrl SandboxHost::appwriteEndpoint() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(m_port));
}

QUrl SandboxHost::graphyBase() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QUrl SandboxHost::controlBase() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/_sandbox").arg(m_port));
}

} // namespace sandbox
