#pragma once

#include "EngineSettings.h"
#include "SchemaPlan.h"
#include "SchemaRequirements.h"
#include "base/SchemaProvisionReport.h"

#include <QHash>
#include <QObject>
#include <optional>

namespace cc {

class AppwriteClient;
class Clock;
struct ServiceError;

// Creates the collections (tables), fields and indexes the checker needs and that the database
// lacks (docs/ARCHITECTURE.md §11.7), or only lists them (dry run), or only compares (verification).
// Never changes or deletes anything that exists: a field of the wrong type is reported. Works one
// collection at a time: read it, plan (SchemaPlan), create the missing fields, wait until Appwrite
// has built them, then create the indexes (Appwrite refuses an index on a field still processing)
// and wait for those. The waiting is bounded in total (Options::maxWaitMs, on the injected clock).
// Lives in the thread of the AppwriteClient it is given; emits finished() once.
class SchemaProvisioner : public QObject
{
    Q_OBJECT
public:
    using Mode = SchemaProvisionReport::Mode;

    struct Options
    {
        qint64 maxWaitMs = 60000; // all waits for "available" together
        qint64 firstPollMs = 100; // the first pause between polls; doubles up to maxPollMs
        qint64 maxPollMs = 2000;
    };

    SchemaProvisioner(AppwriteClient *appwrite, const Clock *clock, const EngineSettings &settings, Mode mode,
                      const Options &options, QObject *parent = nullptr);
    SchemaProvisioner(AppwriteClient *appwrite, const Clock *clock, const EngineSettings &settings, Mode mode,
                      QObject *parent = nullptr);

    void start();
    const SchemaProvisionReport &report() const { return m_report; }

signals:
    void finished(const cc::SchemaProvisionReport &report);

private:
    enum class Phase { Fields, Indexes };

    void nextCollection();
    void planCollection(const std::optional<QJsonObject> &existing);
    void createContainer();
    void createField(int from);
    void createIndex(int from);
    void awaitAvailable(Phase phase);
    void pollRound(Phase phase);
    void pollAnswered(Phase phase, int index, const Result<QJsonObject> &r);
    void phaseDone(Phase phase);
    // A create answered: record it; true when provisioning goes on.
    bool noteCreate(int index, const Result<CreateOutcome> &r);
    // Why an index cannot be created now (a field it covers is not available), or empty.
    QString indexBlocker(const SchemaPlan::Step &step) const;
    void endCollection();
    void stop(const QString &doing, const ServiceError &error);
    void finish();

    const SchemaRequirements::Collection &required() const { return m_required.at(m_current); }
    QString where(const SchemaPlan::Step &step) const; // "column 'email' of table 'learners'"
    QString doneSoFar() const;
    bool stopped() const { return m_finished; }

    AppwriteClient *m_appwrite;
    const Clock *m_clock;
    EngineSettings m_settings;
    Mode m_mode;
    Options m_options;
    QList<SchemaRequirements::Collection> m_required;
    int m_current = -1;
    QList<SchemaPlan::Step> m_steps;  // of the current collection
    QHash<int, QString> m_lastStatus; // step → the status last polled, for the timeout text
    SchemaProvisionReport m_report;
    qint64 m_waitStartedMs = -1; // the first wait: the budget counts from there
    qint64 m_pollDelayMs = 0;
    int m_pendingPolls = 0;
    bool m_finished = false;
};

} // namespace cc
