#pragma once

#include "base/RunRecord.h"
#include "base/ServiceError.h"

#include <QDateTime>
#include <QObject>
#include <functional>
#include <optional>

namespace cc {

class AppwriteClient;
class Clock;

// The run ledger every machine shares: the `checker_runs` table in Appwrite (docs/ARCHITECTURE.md
// §8, §11.2). Before a scheduled slot runs, its row `slot_<epoch seconds>` is created: whoever creates
// it has the slot, a 409 means another machine (or process) has it. When the run ends, the winner
// writes the run's figures into that row, which makes one history of who ran what.
class RunLedger : public QObject
{
    Q_OBJECT
public:
    struct Claim
    {
        enum class Outcome {
            Won,         // the row is ours: run the slot
            Taken,       // someone else's row: skip the slot
            Unavailable, // the claim could not be made (unreachable, refused, no table)
        };
        Outcome outcome = Outcome::Unavailable;
        QString rowId;
        QString holder;     // with Taken: who has the slot, as its row says (may be empty)
        QString heldState;  // with Taken: that row's state ("running", "finished", …)
        ServiceError error; // with Unavailable
    };

    RunLedger(AppwriteClient *appwrite, const QString &collection, const QString &holder, const Clock *clock,
              QObject *parent = nullptr);

    // Creates the slot's row; `done` gets the outcome (never called after the ledger is destroyed).
    void claim(const QDateTime &slot, std::function<void(const Claim &)> done);
    // Writes how the run ended into its row; `done` gets the error when the update failed.
    void record(const QString &rowId, const RunRecord &run,
                std::function<void(const std::optional<ServiceError> &)> done = {});

    const QString &holder() const { return m_holder; }

    static QString slotRowId(const QDateTime &slot);
    // "user@host", at most 128 characters: who holds a slot, for people reading the ledger.
    static QString defaultHolder();
    // "16:15 run done by ops-laptop-2": why a slot taken by another holder is skipped.
    static QString skipReason(const QDateTime &slot, const Claim &claim);

private:
    AppwriteClient *m_appwrite;
    QString m_collection;
    QString m_holder;
    const Clock *m_clock;
};

} // namespace cc
