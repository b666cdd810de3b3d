#pragma once

#include "base/RunRecord.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <optional>

namespace cc {

// How far a running run is, in the one wording every view uses (status bar, Batch stats, tray):
// "128 of 143 checked · about 2 min left". From the run's own figures and the clock only.
class RunProgress
{
    Q_DECLARE_TR_FUNCTIONS(RunProgress)

public:
    // Appwrite counts at most this many documents: a total of this size means "at least".
    static constexpr int kAppwriteTotalCap = 5000;
    // Below this much work done, an estimate would only jump around.
    static constexpr int kMinProcessedForEstimate = 10;
    static constexpr qint64 kMinElapsedMsForEstimate = 3000;

    RunProgress(const RunRecord &run, const QDateTime &now);

    // A total to count against: known, and not an "at least" that the run already went past.
    bool hasTotal() const;
    bool totalIsAtLeast() const { return m_run.total >= kAppwriteTotalCap; }
    // The total to show: never below what was processed (learners enrolled during the run).
    int shownTotal() const;
    // Seconds left, once there is enough to go on and the total is exact.
    std::optional<qint64> secondsLeft() const;

    QString countText() const;    // "128 of 143 checked", "1,200 of 5,000+ checked", "128 checked"
    QString timeLeftText() const; // "about 2 min left", "less than a minute left", or empty
    QString text() const;         // countText() · timeLeftText()
    static QString durationText(qint64 seconds);

private:
    RunRecord m_run;
    QDateTime m_now;
};

} // namespace cc
