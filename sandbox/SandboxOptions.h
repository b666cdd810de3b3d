#pragma once

#include "FaultRule.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace sandbox {

struct SandboxOptions
{
    quint16 port = 0;
    int learners = 200;
    quint32 seed = 1;
    int courses = 5;
    double completedShare = 0.3;
    double checkedShare = 0.2;
    QString projectId = QStringLiteral("sandbox-project");
    QString apiKey = QStringLiteral("sandbox-appwrite-key");
    QString readOnlyApiKey = QStringLiteral("sandbox-readonly-key");
    QString databaseId = QStringLiteral("main");
    QString graphyMid = QStringLiteral("sandbox-mid");
    QString graphyKey = QStringLiteral("sandbox-graphy-key");
    QString functionId = QStringLiteral("completion_checker");
    bool graphyV2Enabled = true;
    QList<FaultRule> faults;
    QStringList dropAttributes; // "collection.attribute", e.g. "learners.last_completion_check"
    QStringList dropIndexes;    // "collection.index", e.g. "learners.status_index"
    // "collection.attribute": an extra required string attribute, as a deployment may have added
    // (e.g. "webhook_events.tenant_id"); creates without it are refused with 400.
    QStringList requireAttributes;

    // Parses completion-sandbox's command line (without argv[0]).
    static bool parseArguments(const QStringList &arguments, SandboxOptions *options, QString *error);
    static QString usage();
};

} // namespace sandbox
