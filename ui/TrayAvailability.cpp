#include "TrayAvailability.h"

#include <QSystemTrayIcon>

namespace cc {

TrayAvailability::TrayAvailability(std::function<bool()> probe, QObject *parent)
    : QObject(parent),
      m_probe(probe ? std::move(probe) : [] { return QSystemTrayIcon::isSystemTrayAvailable(); })
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &TrayAvailability::probeOnce);
}

void TrayAvailability::setTiming(int retryMs, int waitMs)
{
    m_retryMs = retryMs;
    m_waitMs = waitMs;
}

void TrayAvailability::start()
{
    m_waitedMs = 0;
    m_available = false;
    probeOnce();
}

void TrayAvailability::probeOnce()
{
    if (m_probe()) {
        m_available = true;
        emit available();
        return;
    }
    if (m_waitedMs >= m_waitMs) {
        emit gaveUp();
        return;
    }
    m_waitedMs += m_retryMs;
    m_timer.start(m_retryMs);
}

} // namespace cc
