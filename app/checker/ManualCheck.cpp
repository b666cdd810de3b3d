#include "ManualCheck.h"

#include "LearnerDocument.h"
#include "LearnerLocks.h"
#include "net/AppwriteClient.h"

#include <QTimer>

namespace cc {

ManualCheck::ManualCheck(const LearnerCheck::Services &services, const EngineSettings &settings,
                         LearnerLocks *locks, quint64 requestId, const QString &idOrEmail, bool dryRun,
                         QObject *parent)
    : QObject(parent), m_services(services), m_settings(settings), m_locks(locks)
{
    m_report.requestId = requestId;
    m_report.query = idOrEmail.trimmed();
    m_report.dryRun = dryRun;
}

void ManualCheck::start()
{
    if (m_report.query.contains(QLatin1Char('@')))
        return lookUpByEmail();
    if (!AppwriteClient::isValidCustomId(m_report.query))
        return fail(
            QStringLiteral("'%1' is neither an e-mail nor a valid Appwrite document ID").arg(m_report.query),
            false);
    lookUpById();
}

void ManualCheck::lookUpByEmail()
{
    m_services.appwrite->listDocuments(
        m_settings.learnersCollection,
        {AppwriteQuery::equal(m_settings.attributes.email, m_report.query), AppwriteQuery::limit(25)}, this,
        [this](const Result<DocumentList> &r) {
            if (!r.ok())
                return fail(r.error().toString(), r.error().isUnavailable());
            if (r.value().documents.isEmpty())
                return fail(QStringLiteral("no learner with e-mail %1 in '%2'")
                                .arg(m_report.query, m_settings.learnersCollection),
                            false);
            QList<LearnerRecord> learners;
            for (const QJsonObject &d : r.value().documents)
                learners.append(LearnerDocument::parse(d, m_settings.attributes));
            checkAll(learners);
        });
}

void ManualCheck::lookUpById()
{
    m_services.appwrite->getDocument(
        m_settings.learnersCollection, m_report.query, this, [this](const Result<QJsonObject> &r) {
            if (!r.ok()) {
                if (AppwriteClient::isDocumentNotFound(r.error()))
                    return fail(QStringLiteral("no learner with ID %1 in '%2'")
                                    .arg(m_report.query, m_settings.learnersCollection),
                                false);
                return fail(r.error().toString(), r.error().isUnavailable());
            }
            checkAll({LearnerDocument::parse(r.value(), m_settings.attributes)});
        });
}

void ManualCheck::checkAll(const QList<LearnerRecord> &learners)
{
    m_remaining = static_cast<int>(learners.size());
    connect(m_locks, &LearnerLocks::released, this, &ManualCheck::onLockReleased);
    for (const LearnerRecord &learner : learners)
        checkOne(learner);
}

void ManualCheck::checkOne(const LearnerRecord &learner)
{
    if (!m_locks->tryLock(learner.id)) {
        // The run has this learner right now: go after it, never beside it.
        m_waiting.append(learner);
        return;
    }
    auto *check = new LearnerCheck(m_services, m_settings, learner, 0, m_report.dryRun, this);
    check->setCertifyNotEnrolled(m_certifyNotEnrolled);
    connect(check, &LearnerCheck::finished, this, &ManualCheck::onCheckFinished);
    check->start();
}

void ManualCheck::onLockReleased(const QString &learnerId)
{
    for (qsizetype i = 0; i < m_waiting.size(); ++i) {
        if (m_waiting.at(i).id != learnerId)
            continue;
        const LearnerRecord learner = m_waiting.takeAt(i);
        // After the run has finished with the learner, not inside its unlock.
        QTimer::singleShot(0, this, [this, learner] { checkOne(learner); });
        return;
    }
}

void ManualCheck::onCheckFinished(LearnerCheck *check)
{
    m_locks->unlock(check->learnerId());
    m_report.entries.append(
        {check->result(), check->graphyCourse(), check->writes(), check->confirmationNeeded()});
    if (check->result().outcome == LearnerOutcome::Failed && !check->errors().isEmpty())
        m_report.serviceFailure = m_report.serviceFailure || check->errors().constFirst().isUnavailable();
    emit learnerChecked(check->checked(), check->errors());
    check->deleteLater();
    if (--m_remaining == 0)
        emit finished(m_report);
}

void ManualCheck::fail(const QString &message, bool serviceFailure)
{
    m_report.error = message;
    m_report.serviceFailure = serviceFailure;
    emit finished(m_report);
}

} // namespace cc
