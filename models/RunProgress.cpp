#include "RunProgress.h"

#include <QLocale>
#include <algorithm>
#include <cmath>

namespace cc {

RunProgress::RunProgress(const RunRecord &run, const QDateTime &now) : m_run(run), m_now(now) {}

bool RunProgress::hasTotal() const
{
    return m_run.total > 0 && !(totalIsAtLeast() && m_run.processed > m_run.total);
}

int RunProgress::shownTotal() const
{
    return std::max(m_run.total, m_run.processed);
}

std::optional<qint64> RunProgress::secondsLeft() const
{
    // A total the run went past was wrong (learners enrolled meanwhile): no time to go on.
    if (!hasTotal() || totalIsAtLeast() || !m_run.startedAt.isValid() ||
        m_run.processed < kMinProcessedForEstimate || m_run.processed >= m_run.total)
        return std::nullopt;
    const qint64 elapsedMs = m_run.startedAt.msecsTo(m_now);
    if (elapsedMs < kMinElapsedMsForEstimate)
        return std::nullopt;
    const int left = std::max(0, m_run.total - m_run.processed);
    return qint64(std::ceil(double(elapsedMs) / m_run.processed * left / 1000.0));
}

QString RunProgress::countText() const
{
    const QLocale locale;
    if (!hasTotal())
        return tr("%1 checked").arg(locale.toString(m_run.processed));
    return tr("%1 of %2%3 checked")
        .arg(locale.toString(m_run.processed), locale.toString(shownTotal()),
             totalIsAtLeast() ? QStringLiteral("+") : QString());
}

QString RunProgress::timeLeftText() const
{
    const std::optional<qint64> left = secondsLeft();
    if (!left)
        return {};
    if (*left < 60)
        return tr("less than a minute left");
    return tr("about %1 left").arg(durationText(*left));
}

QString RunProgress::text() const
{
    const QString left = timeLeftText();
    return left.isEmpty() ? countText() : countText() + QStringLiteral(" · ") + left;
}

QString RunProgress::durationText(qint64 seconds)
{
    const qint64 minutes = (seconds + 59) / 60; // "about 2 min" for 61 s: rounded up, never optimistic
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

} // namespace cc
