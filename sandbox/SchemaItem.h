#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace sandbox {

// An attribute or index of a collection. New ones are created `processing` and turn `available`
// 200 ms later, or on the read after the first one that saw them processing (so a client that polls
// without sleeping still gets there).
struct SchemaItem
{
    QString key;
    QString type; // attribute: string|varchar|text|integer|datetime; index: key|unique|fulltext
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 availableAt = 0; // 0 = available from the start
    mutable bool seenProcessing = false;

    // attribute fields
    int size = 0;
    bool required = false;
    bool array = false;
    bool encrypt = false;
    QJsonValue defaultValue;
    qint64 min = 0, max = 0;
    bool hasRange = false;

    // index fields
    QStringList attributes;
    QStringList orders;
    QList<int> lengths;

    // The string types (1.9 adds varchar and text) hold and compare the same way.
    bool isText() const
    {
        return type == QLatin1String("string") || type == QLatin1String("varchar") ||
               type == QLatin1String("text");
    }

    bool isAvailable(qint64 now) const { return availableAt == 0 || now >= availableAt; }

    // The status a client sees; reading it is what can flip processing to available.
    QString observeStatus(qint64 now)
    {
        if (isAvailable(now))
            return QStringLiteral("available");
        if (seenProcessing) {
            availableAt = 0;
            return QStringLiteral("available");
        }
        seenProcessing = true;
        return QStringLiteral("processing");
    }
};

} // namespace sandbox
