#include "Clock.h"

#include <QElapsedTimer>

namespace cc {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

qint64 SystemClock::monotonicMs() const
{
    static const QElapsedTimer origin = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return origin.elapsed();
}

SystemClock *SystemClock::instance()
{
    static SystemClock clock;
    return &clock;
}

} // namespace cc
