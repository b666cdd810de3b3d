#pragma once

#include <QDateTime>
#include <QString>
#include <QVariant>

namespace cc {

// How the local database stores values.

// Times: milliseconds since the epoch (UTC), NULL for "none".
inline QVariant storedTime(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

inline QDateTime timeFromStored(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

// Text: never NULL. Qt 6 binds a null QString as SQL NULL, which NOT NULL text columns refuse.
inline QVariant storedText(const QString &text)
{
    return text.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(text);
}

} // namespace cc
