#include "EventIdentity.h"

#include <QCryptographicHash>

namespace cc {

QString EventIdentity::eventId(const QString &courseId, const QString &learnerId)
{
    return QStringLiteral("completion_%1_%2").arg(courseId, learnerId);
}

QString EventIdentity::documentId(const QString &eventId)
{
    return QString::fromLatin1(QCryptographicHash::hash(eventId.toUtf8(), QCryptographicHash::Md5).toHex());
}

} // namespace cc
