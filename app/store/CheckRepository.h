#pragma once

#include "base/CheckResult.h"

#include <QHash>
#include <QList>
#include <optional>

class QSqlQuery;

namespace cc {

class Clock;
class StoreConnection;

// Per-learner check results: the latest real check of each learner (kept for good) and a history
// of every check with bounded retention. Dry-run checks go to the history only: they wrote
// nothing to Appwrite, so they must not change what the UI shows as the learner's state.
class CheckRepository
{
public:
    CheckRepository(StoreConnection &connection, const Clock &clock)
        : m_connection(connection), m_clock(clock)
    {}

    // History older than maxDays, or beyond the newest maxRows, is pruned; <= 0 disables a limit.
    void setRetention(int maxDays, int maxRows);
    int retentionDays() const { return m_maxDays; }
    int retentionRows() const { return m_maxRows; }

    // One transaction: history rows, latest-check upserts (an older result never replaces a
    // newer one), then pruning.
    bool record(const QList<CheckResult> &checks);
    QList<CheckResult> history(const QString &learnerId, int limit) const; // newest first
    QHash<QString, CheckResult> latest() const;
    std::optional<CheckResult> latestFor(const QString &learnerId) const;
    int historyCount() const;
    // Learners whose last `checks` real checks all failed ("stuck"); a skipped check neither
    // breaks nor extends the streak. Bounded by the history's retention.
    QStringList failingInARow(int checks) const;

    // For readers that join the latest check to other tables.
    static QString columns(const QString &tableAlias);
    static constexpr int columnCount = 12;
    static CheckResult read(const QSqlQuery &query, int firstColumn);

private:
    bool prune();

    StoreConnection &m_connection;
    const Clock &m_clock;
    int m_maxDays = 90;
    int m_maxRows = 200000;
};

} // namespace cc
