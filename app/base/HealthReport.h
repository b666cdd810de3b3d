#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace cc {

struct ServiceHealth
{
    QString service;
    bool checked = false;
    bool reachable = false;
    bool credentialsOk = false;
    qint64 latencyMs = -1;
    QString version;      // Appwrite's server version
    QString message;      // what failed, or "ok"
    QString breakerState; // "closed", "open", "half_open"
    QDateTime lastSuccess;
};

struct HealthReport
{
    QDateTime checkedAt;
    ServiceHealth appwrite;
    ServiceHealth graphy;
    bool schemaChecked = false;
    QStringList schemaProblems; // each names the collection and exactly what is missing or wrong

    bool servicesOk() const
    {
        return appwrite.reachable && appwrite.credentialsOk && graphy.reachable && graphy.credentialsOk;
    }
    bool ok() const { return servicesOk() && schemaChecked && schemaProblems.isEmpty(); }
};

} // namespace cc

Q_DECLARE_METATYPE(cc::HealthReport)
