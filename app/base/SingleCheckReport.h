#pragma once

#include "CheckResult.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace cc {

// The answer to a manual check of one learner (by document ID, or all learners with an e-mail).
struct SingleCheckReport
{
    struct Entry
    {
        CheckResult result;
        QJsonObject graphyCourse; // Graphy's course object as sent (empty when none)
        QJsonObject writes;       // the event and learner patch written, or that a dry run would write
        // Set when the writes shown are held back until an operator confirms (say why): a
        // completion of a learner who is not enrolled.
        QString confirmationNeeded;
    };

    quint64 requestId = 0;
    QString query; // what was asked: an ID or an e-mail
    bool dryRun = false;
    QList<Entry> entries;
    QString error;               // set when the learner could not be found or read
    bool serviceFailure = false; // the error was a service being unreachable or refusing the credentials
};

} // namespace cc

Q_DECLARE_METATYPE(cc::SingleCheckReport)
