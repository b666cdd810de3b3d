#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace cc {

struct ServiceHealth
{
    QString service;
    QString endpoint; // what was checked, secrets redacted ("https://cloud.appwrite.io/v1")
    bool checked = false;
    bool reachable = false;
    bool credentialsOk = false;
    qint64 latencyMs = -1;
    QString version;      // Appwrite's server version
    QString message;      // what failed, or "ok"
    QString breakerState; // "closed", "open", "half_open"
    QDateTime lastSuccess;
    QString apiMode;           // the API the checker uses now, e.g. Graphy "v2" or "v1 (degraded: …)"
    bool degraded = false;     // usable, but not for everything a run needs (Graphy on v1: no progress)
    QStringList missingScopes; // what the key lacks, as the service said (Appwrite 401)
    QString pace;              // the request rate the checker holds this service to, and why ("38/s — …")
};

struct HealthReport
{
    QDateTime checkedAt;
    ServiceHealth appwrite;
    ServiceHealth graphy;
    bool schemaChecked = false;
    QStringList schemaProblems; // each names the collection and exactly what is missing or wrong
    // Why the schema was not checked (schemaChecked false after a check): the key could not read
    // the database, or Appwrite did not answer. Empty when it was checked.
    QString schemaNotCheckedReason;
    QString clockWarning; // this machine's clock differs from Appwrite's by over a minute

    bool servicesOk() const
    {
        return appwrite.reachable && appwrite.credentialsOk && graphy.reachable && graphy.credentialsOk;
    }
    bool ok() const { return servicesOk() && schemaChecked && schemaProblems.isEmpty(); }
};

} // namespace cc

Q_DECLARE_METATYPE(cc::HealthReport)
