#pragma once

#include "base/RunRecord.h"

#include <QList>
#include <optional>

namespace cc {

class StoreConnection;

// The run history. A run is inserted as `running` when it starts and updated when it ends, so a
// run cut short by a crash is still on record and can be marked interrupted at the next start.
class RunRepository
{
public:
    explicit RunRepository(StoreConnection &connection) : m_connection(connection) {}

    bool insert(RunRecord &run); // sets run.id
    bool update(const RunRecord &run);
    // Turns runs left `running` into `interrupted`; the number turned, or -1 on failure.
    int markInterrupted();
    QList<RunRecord> recent(int limit) const; // newest first
    std::optional<RunRecord> find(qint64 id) const;

private:
    StoreConnection &m_connection;
};

} // namespace cc
