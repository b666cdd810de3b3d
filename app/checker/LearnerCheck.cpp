#include "LearnerCheck.h"

#include "EventIdentity.h"
#include "LearnerDocument.h"
#include "base/Clock.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"
#include "net/ServiceChannel.h"

#include <QJsonDocument>

namespace cc {

namespace {
// The Date header has 1 s resolution, and the answer took some time to arrive.
constexpr qint64 kClockToleranceMs = 2000;

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
} // namespace

LearnerCheck::LearnerCheck(const Services &services, const EngineSettings &settings,
                           const LearnerRecord &learner, qint64 runId, bool dryRun, QObject *parent)
    : QObject(parent), m_services(services), m_settings(settings), m_learner(learner), m_planned(learner),
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
    const QString graphyCourseId = m_learner.courseId.trimmed(); // a stray space is not another course
    m_verdict = CompletionRule::evaluate(learner, graphyCourseId);
    if (const GraphyCourse *course = learner.course(graphyCourseId))
        m_graphyCourse = course->raw;
    m_result.courseTitle = m_verdict.courseTitle;
    m_result.progress = m_verdict.progress;
    m_result.itemsTotal = m_verdict.itemsTotal;
    m_result.itemsCompleted = m_verdict.itemsCompleted;
    m_seenAt = m_services.clock->now();
    // Never a check time ahead of Appwrite's own clock: phase 2 of every machine's runs filters on
    // it, and a time in the future would hide the learner from all of them until then.
    const ServiceChannel::Stats appwrite = m_services.appwrite->channel()->stats();
    if (appwrite.hasServerClock && appwrite.serverClockOffsetMs < -kClockToleranceMs)
        m_seenAt = m_seenAt.addMSecs(appwrite.serverClockOffsetMs);

    m_planned.lastCompletionCheck = m_seenAt;
    m_unchangedSince = m_learner.updatedAt;
    if (holdsNotEnrolled())
        return;
    switch (m_verdict.outcome) {
    case LearnerOutcome::Completed:
    case LearnerOutcome::AlreadyRecorded:
        m_planned.status = m_settings.completedValue;
        m_planned.completedAt = m_seenAt;
        reReadThenWrite();
        return;
    case LearnerOutcome::Skipped:
    case LearnerOutcome::InProgress:
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

bool LearnerCheck::holdsNotEnrolled()
{
    if (m_learner.status == m_settings.enrolledValue)
        return false;
    const bool completion = m_verdict.outcome == LearnerOutcome::Completed ||
                            m_verdict.outcome == LearnerOutcome::AlreadyRecorded;
    if (completion && m_certifyNotEnrolled)
        return false;
    const QString why = QStringLiteral("the learner's status is '%1', not '%2'")
                            .arg(m_learner.status, m_settings.enrolledValue);
    if (!completion) {
        // Never an in-progress digest over a completed (or refunded) learner's data.
        finish(LearnerOutcome::Skipped, m_verdict.summary + QStringLiteral("; nothing written: ") + why);
        return true;
    }
    m_confirmationNeeded = why;
    m_planned.status = m_settings.completedValue;
    m_planned.completedAt = m_seenAt;
    planEvent();
    planLearnerUpdate(learnerPatch());
    finish(LearnerOutcome::Skipped, m_verdict.summary + QStringLiteral("; not written: ") + why +
                                        QStringLiteral(" — certified only when an operator confirms it"));
    return true;
}

void LearnerCheck::reReadThenWrite()
{
    // The listing can be minutes old: an operator may have refunded the learner or moved it to
    // another course since. Completions are few, so one more read each is cheap.
    m_services.appwrite->getDocument(
        m_settings.learnersCollection, m_learner.id, this, [this](const Result<QJsonObject> &r) {
            if (!r.ok()) {
                if (AppwriteClient::isDocumentNotFound(r.error()))
                    return finish(LearnerOutcome::Skipped,
                                  m_verdict.summary +
                                      QStringLiteral("; nothing written: the learner was deleted from "
                                                     "Appwrite since it was read"));
                return fail(r.error(), QStringLiteral("learner not read again before the write; nothing "
                                                      "written, retried next run"));
            }
            const LearnerRecord now = LearnerDocument::parse(r.value(), m_settings.attributes);
            if (now.status != m_learner.status || now.courseId != m_learner.courseId) {
                m_checked.learner = now;
                return finish(LearnerOutcome::Skipped,
                              m_verdict.summary +
                                  QStringLiteral("; nothing written: the learner changed in Appwrite since "
                                                 "it was read (status '%1' → '%2', course '%3' → '%4'); "
                                                 "checked again next run")
                                      .arg(m_learner.status, now.status, m_learner.courseId, now.courseId));
            }
            m_unchangedSince = now.updatedAt;
            createEvent();
        });
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

QJsonObject LearnerCheck::learnerPatch() const
{
    const LearnerAttributes &a = m_settings.attributes;
    QJsonObject patch{{a.lastCompletionCheck, AppwriteClient::formatDateTime(m_planned.lastCompletionCheck)}};
    switch (m_verdict.outcome) {
    case LearnerOutcome::Completed:
    case LearnerOutcome::AlreadyRecorded:
        patch.insert(a.status, m_planned.status);
        patch.insert(a.completionData, compact(m_verdict.digest));
        patch.insert(a.completedAt, AppwriteClient::formatDateTime(m_planned.completedAt));
        break;
    case LearnerOutcome::InProgress:
        patch.insert(a.completionData, compact(m_verdict.digest));
        break;
    case LearnerOutcome::UnknownToGraphy:
    case LearnerOutcome::NotInCourse:
    case LearnerOutcome::Failed:
    case LearnerOutcome::Skipped:
        break;
    }
    return patch;
}

void LearnerCheck::planEvent()
{
    const QJsonObject data = eventData();
    const QString documentId = EventIdentity::documentId(data.value(QStringLiteral("event_id")).toString());
    m_writes.insert(QStringLiteral("event"),
                    QJsonObject{{QStringLiteral("collection"), m_settings.eventsCollection},
                                {QStringLiteral("documentId"), documentId},
                                {QStringLiteral("data"), data}});
}

void LearnerCheck::planLearnerUpdate(const QJsonObject &patch)
{
    m_writes.insert(QStringLiteral("learner"), QJsonObject{{QStringLiteral("documentId"), m_learner.id},
                                                           {QStringLiteral("data"), patch}});
}

void LearnerCheck::createEvent()
{
    planEvent();
    const QJsonObject event = m_writes.value(QStringLiteral("event")).toObject();
    const QJsonObject data = event.value(QStringLiteral("data")).toObject();
    const QString documentId = event.value(QStringLiteral("documentId")).toString();
    if (m_dryRun) {
        // Look, do not write: an event already recorded (an earlier run whose learner update
        // failed, the webhook path) means Apply only updates the learner, and the dry run says so.
        m_services.appwrite->getDocument(
            m_settings.eventsCollection, documentId, this, [this](const Result<QJsonObject> &r) {
                if (r.ok())
                    noteExistingEvent(r.value());
                else if (r.error().httpStatus != 404)
                    return fail(r.error(), QStringLiteral("could not look for an existing event; nothing was "
                                                          "written (dry run)"));
                updateLearner();
            });
        return;
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
    m_services.appwrite->getDocument(m_settings.eventsCollection, documentId, this,
                                     [this](const Result<QJsonObject> &r) {
                                         if (r.ok())
                                             noteExistingEvent(r.value());
                                         // Not found is fine: a unique-index clash with an event the webhook
                                         // path made under another ID.
                                         updateLearner();
                                     });
}

void LearnerCheck::noteExistingEvent(const QJsonObject &event)
{
    m_eventExisted = true;
    const QDateTime first =
        AppwriteClient::parseDateTime(event.value(QStringLiteral("received_at")).toString());
    if (first.isValid())
        m_planned.completedAt = first;
    // What the report shows: this event is there already, it is not (to be) written.
    QJsonObject planned = m_writes.value(QStringLiteral("event")).toObject();
    planned.insert(QStringLiteral("alreadyExisted"), true);
    m_writes.insert(QStringLiteral("event"), planned);
}

void LearnerCheck::updateLearner()
{
    const QJsonObject patch = learnerPatch();
    planLearnerUpdate(patch);
    const bool completion = m_verdict.outcome == LearnerOutcome::Completed;
    const LearnerOutcome outcome =
        completion ? (m_eventExisted ? LearnerOutcome::AlreadyRecorded : LearnerOutcome::Completed)
                   : m_verdict.outcome;
    if (m_dryRun)
        return finish(outcome, m_eventExisted
                                   ? m_verdict.summary + QStringLiteral("; already recorded — Apply "
                                                                        "will only update the learner")
                                   : m_verdict.summary);
    m_services.appwrite->updateDocument(
        m_settings.learnersCollection, m_learner.id, patch, this,
        [this, completion, outcome](const Result<QJsonObject> &r) {
            if (!r.ok() && AppwriteClient::isUpdateConflict(r.error())) {
                return finish(LearnerOutcome::Skipped,
                              m_verdict.summary +
                                  (completion
                                       ? QStringLiteral("; event recorded, but the learner changed in "
                                                        "Appwrite meanwhile, so it was not marked "
                                                        "completed; the next run checks it again")
                                       : QStringLiteral("; not written: the learner changed in "
                                                        "Appwrite meanwhile; checked again next run")));
            }
            if (!r.ok()) {
                return fail(r.error(), completion
                                           ? QStringLiteral("event recorded, but the learner update failed; "
                                                            "the next run retries the update")
                                           : QStringLiteral("learner update failed; retried next run"));
            }
            // The learner is now what the patch made it; only the server's own timestamp is new.
            m_planned.updatedAt =
                AppwriteClient::parseDateTime(r.value().value(QStringLiteral("$updatedAt")).toString());
            if (!m_planned.updatedAt.isValid())
                m_planned.updatedAt = m_seenAt;
            m_checked.learner = m_planned;
            finish(outcome, m_verdict.summary);
        },
        m_unchangedSince);
}

void LearnerCheck::fail(const ServiceError &error, const QString &what)
{
    if (error.kind == ServiceError::Kind::CircuitOpen || error.kind == ServiceError::Kind::Aborted)
        m_interrupted = true;
    m_errors.append(
        ErrorEntry::fromServiceError(error, m_services.clock->now(), m_result.runId, m_learner.id, what));
    finish(LearnerOutcome::Failed, error.toString() + QStringLiteral(" — ") + what);
}

void LearnerCheck::finish(LearnerOutcome outcome, const QString &detail)
{
    m_result.outcome = outcome;
    m_result.detail = detail;
    m_result.checkedAt = m_seenAt.isValid() ? m_seenAt : m_services.clock->now();
    if (m_checked.learner.id.isEmpty()) // nothing was written: the learner is as it was
        m_checked.learner = m_learner;
    m_checked.latestCheck = m_result;
    emit finished(this);
}

} // namespace cc
