#pragma once

#include "EngineSettings.h"
#include "base/LearnerRecord.h"
#include "base/ServiceError.h"

#include <QDateTime>
#include <QObject>

namespace cc {

class AppwriteClient;

// Pages through the enrolled learners of one run, least-recently-checked first, each at most once.
//
// Two phases, because Appwrite refuses to page by cursor when the cursor document's order value is
// null (400 database_query_order_null):
//   1. never checked: status = enrolled AND last_check IS NULL, in Appwrite's default (insertion)
//      order, which nothing in the run changes;
//   2. checked before this run: status = enrolled AND last_check < run start, ordered by last_check.
// The run itself moves learners out of both filters (it sets last_check = now >= run start, or the
// status to completed), so nobody is visited twice and the run ends.
//
// Cursor paging with an order attribute that the run changes is the trap: Appwrite positions the
// cursor by the cursor document's *current* values, so a cursor on a learner we already updated
// would jump past everyone still waiting. Hence the rule here: a page is released to the run only
// after the next page has been fetched with a cursor on that page's last document. The cursor
// document is therefore always one nobody in this run has touched yet.
class EnrolledLearnerPager : public QObject
{
    Q_OBJECT
public:
    EnrolledLearnerPager(AppwriteClient *client, const EngineSettings &settings, const QDateTime &runStart,
                         QObject *parent = nullptr);

    void start();
    // The run wants more learners (its queue is running low).
    void fetchMore();
    // No more requests; nothing more is emitted.
    void stop();
    bool isDone() const { return m_phase == Phase::Done; }
    int pagesFetched() const { return m_pages; }

signals:
    void learnersReady(const QList<cc::LearnerRecord> &learners);
    void finished();
    void failed(const cc::ServiceError &error);

private:
    enum class Phase { NeverChecked, CheckedBefore, Done };

    void request();
    void onPage(const QList<QJsonObject> &documents);
    void release();

    AppwriteClient *m_client;
    EngineSettings m_settings;
    QDateTime m_runStart;
    Phase m_phase = Phase::NeverChecked;
    QList<LearnerRecord> m_held;
    QString m_cursor;
    bool m_requesting = false;
    bool m_demand = true;
    bool m_stopped = false;
    int m_pages = 0;
};

} // namespace cc
