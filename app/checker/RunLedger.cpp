#include "RunLedger.h"

#include "base/Clock.h"
#include "net/AppwriteClient.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSysInfo>

namespace cc {

namespace {
constexpr int kMaxHolderLength = 128; // the `holder` column's size
constexpr int kMaxVersionLength = 32; // the `app_version` column's size

QString appVersion()
{
    const QString version = QCoreApplication::applicationVersion();
    return (version.isEmpty() ? QStringLiteral(CC_VERSION) : version).left(kMaxVersionLength);
}
} // namespace

RunLedger::RunLedger(AppwriteClient *appwrite, const QString &collection, const QString &holder,
                     const Clock *clock, QObject *parent)
    : QObject(parent), m_appwrite(appwrite), m_collection(collection),
      m_holder(holder.left(kMaxHolderLength)), m_clock(clock)
{}

QString RunLedger::slotRowId(const QDateTime &slot)
{
    return QStringLiteral("slot_%1").arg(slot.toSecsSinceEpoch());
}

QString RunLedger::defaultHolder()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    const QString host = QSysInfo::machineHostName();
    const QString holder = user.isEmpty() ? host : user + QLatin1Char('@') + host;
    return (holder.isEmpty() ? QStringLiteral("unknown") : holder).left(kMaxHolderLength);
}

QString RunLedger::skipReason(const QDateTime &slot, const Claim &claim)
{
    const QString time = slot.toLocalTime().toString(QStringLiteral("HH:mm"));
    const QString who = claim.holder.isEmpty() ? QStringLiteral("another machine") : claim.holder;
    const QString reason = QStringLiteral("%1 run done by %2").arg(time, who);
    return claim.heldState == QLatin1String("running") ? reason + QStringLiteral(" (still running)") : reason;
}

void RunLedger::claim(const QDateTime &slot, std::function<void(const Claim &)> done)
{
    const QString rowId = slotRowId(slot);
    const QJsonObject row{
        {QStringLiteral("slot"), AppwriteClient::formatDateTime(slot)},
        {QStringLiteral("holder"), m_holder},
        {QStringLiteral("trigger"), QStringLiteral("schedule")}, // a catch-up is still the slot's run
        {QStringLiteral("state"), runStateName(RunState::Running)},
        {QStringLiteral("started_at"), AppwriteClient::formatDateTime(m_clock->now())},
        {QStringLiteral("app_version"), appVersion()},
    };
    m_appwrite->createDocument(
        m_collection, rowId, row, this, [this, rowId, done](const Result<CreateOutcome> &result) {
            Claim claim;
            claim.rowId = rowId;
            if (!result.ok()) {
                claim.error = result.error();
                done(claim);
                return;
            }
            if (result.value().created) {
                claim.outcome = Claim::Outcome::Won;
                done(claim);
                return;
            }
            // Taken. Who has it is for the message only: a failed read still skips the slot.
            claim.outcome = Claim::Outcome::Taken;
            m_appwrite->getDocument(
                m_collection, rowId, this, [claim, done](const Result<QJsonObject> &row) mutable {
                    if (row.ok()) {
                        claim.holder = row.value().value(QStringLiteral("holder")).toString();
                        claim.heldState = row.value().value(QStringLiteral("state")).toString();
                    }
                    done(claim);
                });
        });
}

void RunLedger::record(const QString &rowId, const RunRecord &run,
                       std::function<void(const std::optional<ServiceError> &)> done)
{
    const QDateTime finishedAt = run.finishedAt.isValid() ? run.finishedAt : m_clock->now();
    const QJsonObject figures{
        {QStringLiteral("state"), runStateName(run.state)},
        {QStringLiteral("finished_at"), AppwriteClient::formatDateTime(finishedAt)},
        {QStringLiteral("processed"), run.processed},
        {QStringLiteral("completed"), run.completed},
        {QStringLiteral("already_recorded"), run.alreadyRecorded},
        {QStringLiteral("errors"), run.errors},
    };
    m_appwrite->updateDocument(m_collection, rowId, figures, this, [done](const Result<QJsonObject> &result) {
        if (done)
            done(result.ok() ? std::nullopt : std::optional<ServiceError>(result.error()));
    });
}

} // namespace cc
