#include "EnrolledLearnerPager.h"

#include "LearnerDocument.h"
#include "net/AppwriteClient.h"

namespace cc {

EnrolledLearnerPager::EnrolledLearnerPager(AppwriteClient *client, const EngineSettings &settings,
                                           const QDateTime &runStart, QObject *parent)
    : QObject(parent), m_client(client), m_settings(settings), m_runStart(runStart)
{}

void EnrolledLearnerPager::start()
{
    request();
}

void EnrolledLearnerPager::fetchMore()
{
    m_demand = true;
    if (!m_requesting && !m_stopped && m_phase != Phase::Done)
        request();
}

void EnrolledLearnerPager::stop()
{
    m_stopped = true;
}

void EnrolledLearnerPager::request()
{
    const LearnerAttributes &a = m_settings.attributes;
    QList<AppwriteQuery> queries{AppwriteQuery::equal(a.status, m_settings.enrolledValue)};
    if (m_phase == Phase::NeverChecked) {
        queries.append(AppwriteQuery::isNull(a.lastCompletionCheck));
    } else {
        queries.append(
            AppwriteQuery::lessThan(a.lastCompletionCheck, AppwriteClient::formatDateTime(m_runStart)));
        queries.append(AppwriteQuery::orderAsc(a.lastCompletionCheck));
    }
    queries.append(
        AppwriteQuery::select({QStringLiteral("$id"), QStringLiteral("$updatedAt"), a.email, a.name,
                               a.courseId, a.status, a.lastCompletionCheck, a.completedAt}));
    queries.append(AppwriteQuery::limit(m_settings.batchSize));
    if (!m_cursor.isEmpty())
        queries.append(AppwriteQuery::cursorAfter(m_cursor));

    m_requesting = true;
    m_demand = false;
    m_client->listDocuments(
        m_settings.learnersCollection, queries, this,
        [this](const Result<DocumentList> &result) {
            m_requesting = false;
            if (m_stopped)
                return;
            if (!result.ok()) {
                // What was listed is still good: hand it over before giving up on the rest.
                // Done first: handing it over makes the run ask for more (fetchMore), which must
                // not send another listing request after this one failed.
                m_phase = Phase::Done;
                release();
                emit failed(result.error());
                return;
            }
            onPage(result.value().documents);
        },
        /*withTotal=*/false);
}

void EnrolledLearnerPager::onPage(const QList<QJsonObject> &documents)
{
    ++m_pages;
    QList<LearnerRecord> page;
    page.reserve(documents.size());
    for (const QJsonObject &d : documents)
        page.append(LearnerDocument::parse(d, m_settings.attributes));
    const bool firstOfPhase = m_held.isEmpty();
    const bool lastOfPhase = documents.size() < m_settings.batchSize;

    // The previous page's cursor has been used: it may now be processed. But hold the new page and
    // move the cursor (and, after a short page, the phase) *before* handing the previous page over:
    // handing it over runs the engine's pump, which asks for more at once (fetchMore → request()).
    // Done the other way round, that request went out with the old cursor — the last learner of the
    // page just handed over, which the run may update before Appwrite serves the request: the
    // cursor trap above (it skipped everyone after it in phase 2), and every page fetched twice.
    QList<LearnerRecord> previous = std::move(m_held);
    m_held = page;
    if (!m_held.isEmpty())
        m_cursor = m_held.last().id;
    if (lastOfPhase) {
        // Nothing follows this page in this phase: both pages may go, and the next phase starts
        // from its beginning.
        previous.append(m_held);
        m_held.clear();
        m_cursor.clear();
        m_phase = m_phase == Phase::NeverChecked ? Phase::CheckedBefore : Phase::Done;
    }
    if (!previous.isEmpty())
        emit learnersReady(previous);
    if (m_stopped || m_requesting) // stopped meanwhile, or the run already asked for the next page
        return;
    if (m_phase == Phase::Done) {
        if (lastOfPhase)
            emit finished();
        return;
    }
    // A first page is held until the next one is fetched, so fetch it now; later pages wait for
    // demand. A new phase starts at once.
    if (firstOfPhase || lastOfPhase || m_demand)
        request();
}

void EnrolledLearnerPager::release()
{
    if (m_held.isEmpty())
        return;
    const QList<LearnerRecord> page = std::move(m_held);
    m_held.clear();
    emit learnersReady(page);
}

} // namespace cc
