#include "IsoTime.h"

#include <QDateTime>
#include <QTimeZone>

namespace sandbox {

bool IsoTime::parse(const QString &text, qint64 *msSinceEpoch)
{
    QString s = text.trimmed();
    if (s.size() < 10)
        return false;
    if (s.size() > 10 && s.at(10) == QLatin1Char(' '))
        s[10] = QLatin1Char('T');
    QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!dt.isValid())
        return false;
    // A string without an offset is taken as UTC, as the server's timezone is UTC.
    if (dt.timeSpec() == Qt::LocalTime)
        dt = QDateTime(dt.date(), dt.time(), Qt::UTC);
    *msSinceEpoch = dt.toMSecsSinceEpoch();
    return true;
}

QString IsoTime::format(qint64 msSinceEpoch)
{
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC);
    const QDate d = dt.date();
    const QTime t = dt.time();
    return QString::asprintf("%04d-%02d-%02dT%02d:%02d:%02d.%03d+00:00", d.year(), d.month(), d.day(),
                             t.hour(), t.minute(), t.second(), t.msec());
}

qint64 IsoTime::nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace sandbox
