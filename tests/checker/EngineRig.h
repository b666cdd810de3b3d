#pragma once
// Shared rig of the checker-engine integration tests: a sandbox, the client stack of the engine
// built in the test thread (the sandbox serves from its own thread), a run driver that collects
// what a run reports, and a parsed state dump with an independent reading of the completion rule.

#include "FamilyUnderTest.h"
#include "SandboxControl.h"
#include "SandboxHost.h"
#include "SandboxSettings.h"
#include "base/CheckResult.h"
#include "base/ErrorEntry.h"
#include "base/LearnerOutcome.h"
#include "base/LearnerRecord.h"
#include "base/RunRecord.h"
#include "checker/CheckerServices.h"
#include "checker/EngineSettings.h"
#include "checker/LearnerLocks.h"

#include <QHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSet>
#include <functional>
#include <memory>

namespace cc {
class AppwriteClient;
class GraphyClient;
class ServiceChannel;
class RunEngine;
} // namespace cc

namespace rig {

// Demo data of one test: passed to /_sandbox/reset.
struct Demo
{
    int learners = 120;
    quint32 seed = 1;
    int courses = 4;
    double completedShare = 0.3;
    double checkedShare = 0.3;
    QJsonObject toJson() const;
};

// Settings for a fast suite: small batches, no rate limit worth the name, short timeouts and
// retry delays, a short breaker open time.
cc::EngineSettings fastSettings(const sandbox::SandboxHost &host);

struct RunCapture
{
    cc::RunRecord record;
    QList<cc::CheckResult> results;
    QList<cc::ErrorEntry> errors; // learner errors
    QList<cc::ErrorEntry> runErrors;
    QHash<QString, cc::LearnerRecord> after;
    bool finished = false;

    QSet<QString> checkedIds() const;
    QStringList duplicateIds() const; // learners reported more than once
    const cc::CheckResult *result(const QString &learnerId) const;
    int count(cc::LearnerOutcome outcome) const;
    QString describe() const; // for failure messages
};

// The engine's client stack, in the test thread.
class EngineStack
{
public:
    // `clock`: null for the system clock (a test may pass one that is off).
    explicit EngineStack(const cc::EngineSettings &settings, const cc::Clock *clock = nullptr);
    ~EngineStack();

    // One run with a fresh RunEngine; waits (event loop) until it finishes or timeoutMs passes.
    // onResult is called for each learnerChecked, in order.
    RunCapture run(qint64 runId = 1, int timeoutMs = 60000,
                   const std::function<void(const cc::CheckResult &)> &onResult = {});

    const cc::EngineSettings &settings() const { return m_settings; }
    cc::AppwriteClient *appwrite() const { return m_services.appwrite(); }
    cc::GraphyClient *graphy() const { return m_services.graphy(); }
    cc::ServiceChannel *appwriteChannel() const { return m_services.appwriteChannel(); }
    cc::ServiceChannel *graphyChannel() const { return m_services.graphyChannel(); }
    cc::LearnerLocks *locks() { return &m_locks; }
    // Learners the next runs check after every other (RunEngine::setHeldBack).
    void setHeldBack(const QSet<QString> &ids) { m_heldBack = ids; }

private:
    cc::EngineSettings m_settings;
    QNetworkAccessManager m_nam;
    cc::LearnerLocks m_locks;
    cc::CheckerServices m_services;
    QSet<QString> m_heldBack;
};

// A parsed /_sandbox/state.
struct Snapshot
{
    QHash<QString, QJsonObject> learners; // by $id
    QHash<QString, QJsonObject> events;   // by $id
    QHash<QString, QJsonObject> graphyByEmail;

    static Snapshot take(SandboxControl &control);

    QStringList enrolledIds() const; // by $sequence
    QStringList idsWhere(const std::function<bool(const QJsonObject &)> &pred) const;
    QList<QJsonObject> eventsWithEventId(const QString &eventId) const;
    // docs/ARCHITECTURE.md §5.10 applied to Graphy's data in the dump, written independently of
    // CompletionRule.
    cc::LearnerOutcome expectedOutcome(const QString &learnerId) const;
    // Graphy's course object for that learner's course (empty if none).
    QJsonObject graphyCourse(const QString &learnerId) const;
    // Enrolled learners Graphy says completed their course.
    QStringList enrolledGraphyComplete() const;
};

// The values of the dump's datetimes.
QDateTime parseTime(const QJsonValue &value);
QString expectedEventId(const QJsonObject &learner);
// Writes the learner's completion event as the webhook path would (same deterministic ID, first
// seen at `receivedAt`), through the stack's Appwrite client; true once it is created.
bool recordWebhookEvent(EngineStack &stack, const QJsonObject &learner, const QString &receivedAt);

// Posts to the control API without blocking (for faults added while a run goes on).
class AsyncControl
{
public:
    explicit AsyncControl(const QUrl &controlBase) : m_base(controlBase) {}
    void addFault(const QJsonObject &rule);
    int pending() const { return m_pending; }

private:
    QNetworkAccessManager m_nam;
    QUrl m_base;
    int m_pending = 0;
};

// Fault rules.
QJsonObject fault(const QString &api, const QString &kind, const QJsonObject &extra = {});

} // namespace rig
