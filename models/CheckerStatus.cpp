#include "CheckerStatus.h"

#include "RunProgress.h"

#include "checker/CheckerWorker.h"

namespace cc {

namespace {
QString clockTime(const QDateTime &t)
{
    const QDateTime local = t.toLocalTime();
    return local.date() == QDate::currentDate() ? local.toString(QStringLiteral("HH:mm"))
                                                : local.toString(QStringLiteral("ddd HH:mm"));
}
QString countOf(int n, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
}
} // namespace

CheckerStatus::CheckerStatus(QObject *parent) : QObject(parent)
{
    update();
}

QString CheckerStatus::stateName(State state)
{
    switch (state) {
    case State::Idle:
        return QStringLiteral("idle");
    case State::Running:
        return QStringLiteral("running");
    case State::Paused:
        return QStringLiteral("paused");
    case State::Warning:
        return QStringLiteral("warning");
    case State::Error:
        return QStringLiteral("error");
    case State::Offline:
        return QStringLiteral("offline");
    }
    return {};
}

void CheckerStatus::follow(const CheckerWorker *worker)
{
    for (const QMetaObject::Connection &c : std::as_const(m_following))
        disconnect(c);
    m_following = {
        connect(worker, &CheckerWorker::scheduleChanged, this, &CheckerStatus::setSchedule),
        connect(worker, &CheckerWorker::runStarted, this, &CheckerStatus::runStarted),
        connect(worker, &CheckerWorker::runProgress, this, &CheckerStatus::runProgress),
        connect(worker, &CheckerWorker::runFinished, this, &CheckerStatus::runFinished),
        connect(worker, &CheckerWorker::runsLoaded, this, &CheckerStatus::setStoredRuns),
    };
}

void CheckerStatus::setStoredRuns(const QList<RunRecord> &runs)
{
    for (const RunRecord &r : runs)
        setLastRun(r); // newest first; the first that ended is kept
}

void CheckerStatus::setSchedule(const QDateTime &nextRun, bool paused)
{
    m_scheduleKnown = true;
    m_nextRun = nextRun;
    m_paused = paused;
    update();
}

void CheckerStatus::runStarted(const RunRecord &run)
{
    m_running = true;
    m_current = run;
    update();
}

void CheckerStatus::runProgress(const RunRecord &run)
{
    m_running = true; // a progress report means a run is going, even one started before we listened
    m_current = run;
    update();
}

void CheckerStatus::runFinished(const RunRecord &run)
{
    m_running = false;
    if (run.state != RunState::Skipped) {
        m_last = run;
        m_hasLast = true;
    }
    update();
}

void CheckerStatus::setLastRun(const RunRecord &run)
{
    if (m_hasLast || run.state == RunState::Running || run.state == RunState::Skipped)
        return;
    m_last = run;
    m_hasLast = true;
    update();
}

void CheckerStatus::setServices(const ServiceAvailability &services)
{
    m_downService = services.firstDown();
    m_downCondition = services.condition(m_downService);
    m_downDetail = services.detail(m_downService);
    update();
}

void CheckerStatus::setHold(const QString &reason, bool offline)
{
    m_holdReason = reason;
    m_offline = offline;
    update();
}

void CheckerStatus::setErrorCount(int count)
{
    m_errorCount = count;
    update();
}

QString CheckerStatus::lastRunLine() const
{
    if (!m_hasLast)
        return tr("No run yet");
    const QDateTime at = m_last.finishedAt.isValid() ? m_last.finishedAt : m_last.startedAt;
    QString line = tr("Last run %1: %2 checked, %3 completed")
                       .arg(clockTime(at))
                       .arg(m_last.processed)
                       .arg(m_last.completed);
    if (m_last.errors > 0)
        line += QStringLiteral(", ") + countOf(m_last.errors, "error", "errors");
    if (m_last.state == RunState::Failed || m_last.state == RunState::Interrupted)
        line += tr(" (%1)").arg(runStateName(m_last.state));
    return line;
}

QString CheckerStatus::nextRunLine() const
{
    if (!m_holdReason.isEmpty())
        return tr("Held: %1").arg(m_holdReason);
    if (m_paused)
        return tr("Schedule paused (Run now still works)");
    if (m_nextRun.isValid())
        return tr("Next run %1").arg(clockTime(m_nextRun));
    return tr("No run scheduled");
}

void CheckerStatus::update()
{
    const bool lastHadProblems = m_hasLast && (m_last.errors > 0 || m_last.state == RunState::Failed ||
                                               m_last.state == RunState::Interrupted);
    State state = State::Idle;
    QString headline;
    QString detail;
    const QString service = serviceDisplayName(m_downService);
    if (m_offline) {
        state = State::Offline;
        headline = tr("offline");
    } else if (!m_downService.isEmpty()) {
        state = State::Error;
        headline = m_downCondition == ServiceCondition::CredentialsRefused
                       ? tr("%1 refused the API key").arg(service)
                       : tr("%1 unreachable").arg(service);
        detail = m_downCondition == ServiceCondition::CredentialsRefused
                     ? tr("Fix the key in Settings; runs stop until then.")
                     : m_downDetail;
    } else if (m_running) {
        state = State::Running;
        headline = tr("running");
        const RunProgress progress(m_current, QDateTime::currentDateTimeUtc());
        detail = tr("%1, %2 completed").arg(progress.countText()).arg(m_current.completed);
        if (const QString left = progress.timeLeftText(); !left.isEmpty())
            detail += QStringLiteral(" · ") + left;
    } else if (m_paused) {
        state = State::Paused;
        headline = tr("paused");
    } else if (lastHadProblems) {
        state = State::Warning;
        headline = tr("last run had problems");
    } else {
        headline = tr("idle");
    }

    QStringList lines{tr("Completion Checker — %1").arg(headline)};
    if (!detail.isEmpty())
        lines << detail;
    if (state != State::Running)
        lines << lastRunLine();
    lines << nextRunLine();
    if (m_errorCount > 0)
        lines << countOf(m_errorCount, "error", "errors") + tr(" in the log");
    const QString tooltip = lines.join(QLatin1Char('\n'));
    const QString summary = headline.left(1).toUpper() + headline.mid(1) + QStringLiteral(" — ") +
                            (state == State::Running ? detail : nextRunLine());
    const bool shownChanged = state != m_state || tooltip != m_tooltip || summary != m_summary;
    m_state = state;
    m_tooltip = tooltip;
    m_summary = summary;
    if (shownChanged)
        emit changed();
    emit updated();
}

} // namespace cc
