#include "LearnerCheck.h"

#include "EventIdentity.h"
#include "LearnerDocument.h"
#include "base/Clock.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"

#include <QJsonDocument>

namespace cc {

namespace {
QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
} // namespace

LearnerCheck::LearnerCheck(const Services &services, const EngineSettings &settings,
                           const LearnerRecord &learner, qint64 runId, bool dryRun, QObject *parent)
    : QObject(parent), m_services(services), m_settings(settings), m_learner(learner), m_after(learner),
      m_dryRun(dryRun)
{
    m_result.runId = runId;
    m_result.learnerId = learner.id;
    m_result.email = learner.email;
    m_result.name = learner.name;
    m_result.courseId = learner.courseId;
    m_result.dryRun = dryRun;
}

void LearnerCheck::start()
{
    m_seenAt = m_services.clock->now();
    const QString problem = LearnerDocument::problem(m_learner);
    if (!problem.isEmpty()) {
        ServiceError error;
        error.kind = ServiceError::Kind::Malformed;
        error.service = QStringLiteral("appwrite");
        error.operation = QStringLiteral("readLearner");
        error.type = QStringLiteral("invalid_learner");
        error.message = problem;
        fail(error, problem + QStringLiteral("; fix the learner document"));
        return;
    }
    m_services.graphy->learnerByEmail(m_learner.email, this, [this](const Result<GraphyLearner> &r) {
        if (!r.ok())
            return fail(r.error(), QStringLiteral("Graphy lookup failed; retried next run"));
        onGraphyAnswer(r.value());
    });
}

void LearnerCheck::onGraphyAnswer(const GraphyLearner &learner)
{
    m_verdict = CompletionRule::evaluate(learner, m_learner.courseId);
    if (const GraphyCourse *course = learner.course(m_learner.courseId))
        m_graphyCourse = course->raw;
    m_result.progress = m_verdict.progress;
    m_result.itemsTotal = m_verdict.itemsTotal;
    m_result.itemsCompleted = m_verdict.itemsCompleted;
    m_seenAt = m_services.clock->now();

    const LearnerAttributes &a = m_settings.attributes;
    const QString now = AppwriteClient::formatDateTime(m_seenAt);
    m_patch = QJsonObject{{a.lastCompletionCheck, now}};
    switch (m_verdict.outcome) {
    case LearnerOutcome::Completed:
    case LearnerOutcome::AlreadyRecorded:
        m_patch.insert(a.status, m_settings.completedValue);
        m_patch.insert(a.completionData, compact(m_verdict.digest));
        m_patch.insert(a.completedAt, now);
        createEvent();
        return;
    case LearnerOutcome::InProgress:
        m_patch.insert(a.completionData, compact(m_verdict.digest));
        break;
    case LearnerOutcome::UnknownToGraphy:
    case LearnerOutcome::NotInCourse:
        break;
    case LearnerOutcome::Failed: {
        ServiceError error;
        error.kind = ServiceError::Kind::Malformed;
        error.service = QStringLiteral("graphy");
        error.operation = QStringLiteral("learnerByEmail");
        error.type = QStringLiteral("no_progress_data");
        error.message = m_verdict.summary;
        return fail(error, m_verdict.summary);
    }
    }
    updateLearner();
}

QJsonObject LearnerCheck::eventData() const
{
    const QString eventId = EventIdentity::eventId(m_learner.courseId, m_learner.id);
    QJsonObject payload{{QStringLiteral("learner_id"), m_learner.id},
                        {QStringLiteral("email"), m_learner.email},
                        {QStringLiteral("course_id"), m_learner.courseId},
                        {QStringLiteral("detected_at"), AppwriteClient::formatDateTime(m_seenAt)},
                        {QStringLiteral("completion"), m_verdict.digest}};
    return QJsonObject{{QStringLiteral("event_id"), eventId},
                       {QStringLiteral("event_type"), QStringLiteral("course.completed")},
                       {QStringLiteral("source"), QStringLiteral("completion_checker")},
                       {QStringLiteral("learner_id"), m_learner.id},
                       {QStringLiteral("email"), m_learner.email},
                       {QStringLiteral("course_id"), m_learner.courseId},
                       {QStringLiteral("payload"), compact(payload)},
                       {QStringLiteral("status"), QStringLiteral("pending")},
                       {QStringLiteral("received_at"), AppwriteClient::formatDateTime(m_seenAt)}};
}

void LearnerCheck::createEvent()
{
    const QJsonObject data = eventData();
    const QString documentId = EventIdentity::documentId(data.value(QStringLiteral("event_id")).toString());
    m_writes.insert(QStringLiteral("event"),
                    QJsonObject{{QStringLiteral("collection"), m_settings.eventsCollection},
                                {QStringLiteral("documentId"), documentId},
                                {QStringLiteral("data"), data}});
    if (m_dryRun) {
        m_writes.insert(QStringLiteral("learner"), QJsonObject{{QStringLiteral("documentId"), m_learner.id},
                                                               {QStringLiteral("data"), m_patch}});
        return finish(LearnerOutcome::Completed, m_verdict.summary);
    }
    m_services.appwrite->createDocument(
        m_settings.eventsCollection, documentId, data, this, [this](const Result<CreateOutcome> &r) {
            if (!r.ok())
                return fail(r.error(), QStringLiteral("event not written; learner left "
                                                      "enrolled, retried next run"));
            if (r.value().created)
                return updateLearner();
            onEventExisted();
        });
}

void LearnerCheck::onEventExisted()
{
    m_eventExisted = true;
    // The completion was seen before (an earlier run whose learner update failed, or the webhook
    // path): completed_at is when it was first seen, so take it from the existing event.
    const QString documentId =
        m_writes.value(QStringLiteral("event")).toObject().value(QStringLiteral("documentId")).toString();
    m_services.appwrite->getDocument(
        m_settings.eventsCollection, documentId, this, [this](const Result<QJsonObject> &r) {
            if (r.ok()) {
                const QDateTime first =
                    AppwriteClient::parseDateTime(r.value().value(QStringLiteral("received_at")).toString());
                if (first.isValid())
                    m_patch.insert(m_settings.attributes.completedAt, AppwriteClient::formatDateTime(first));
            }
            // Not found is fine: a unique-index clash with an event the webhook path made under another ID.
            updateLearner();
        });
}

void LearnerCheck::updateLearner()
{
    m_writes.insert(QStringLiteral("learner"), QJsonObject{{QStringLiteral("documentId"), m_learner.id},
                                                           {QStringLiteral("data"), m_patch}});
    const bool completion = m_verdict.outcome == LearnerOutcome::Completed;
    const LearnerOutcome outcome =
        completion ? (m_eventExisted ? LearnerOutcome::AlreadyRecorded : LearnerOutcome::Completed)
                   : m_verdict.outcome;
    if (m_dryRun)
        return finish(outcome, m_verdict.summary);
    m_services.appwrite->updateDocument(
        m_settings.learnersCollection, m_learner.id, m_patch, this,
        [this, completion, outcome](const Result<QJsonObject> &r) {
            if (!r.ok()) {
                return fail(r.error(), completion
                                           ? QStringLiteral("event recorded, but the learner update failed; "
                                                            "the next run retries the update")
                                           : QStringLiteral("learner update failed; retried next run"));
            }
            const LearnerAttributes &a = m_settings.attributes;
            m_after = LearnerDocument::parse(r.value(), a);
            if (m_after.id.isEmpty()) // an answer without the document: apply the patch ourselves
                m_after = m_learner;
            m_after.lastCompletionCheck =
                AppwriteClient::parseDateTime(m_patch.value(a.lastCompletionCheck).toString());
            if (m_patch.contains(a.status))
                m_after.status = m_patch.value(a.status).toString();
            if (m_patch.contains(a.completedAt))
                m_after.completedAt = AppwriteClient::parseDateTime(m_patch.value(a.completedAt).toString());
            finish(outcome, m_verdict.summary);
        });
}

void LearnerCheck::fail(const ServiceError &error, const QString &what)
{
    if (error.kind == ServiceError::Kind::CircuitOpen || error.kind == ServiceError::Kind::Aborted)
        m_interrupted = true;
    ErrorEntry entry;
    entry.at = m_services.clock->now();
    entry.runId = m_result.runId;
    entry.learnerId = m_learner.id;
    entry.service = error.service;
    entry.operation = error.operation;
    entry.httpStatus = error.httpStatus;
    entry.errorType = error.type.isEmpty() ? ServiceError::kindName(error.kind) : error.type;
    entry.message = error.message + QStringLiteral(" — ") + what;
    entry.detail = error.detail;
    m_errors.append(entry);
    finish(LearnerOutcome::Failed, error.toString() + QStringLiteral(" — ") + what);
}

void LearnerCheck::finish(LearnerOutcome outcome, const QString &detail)
{
    m_result.outcome = outcome;
    m_result.detail = detail;
    m_result.checkedAt = m_seenAt.isValid() ? m_seenAt : m_services.clock->now();
    emit finished(this);
}

} // namespace cc
