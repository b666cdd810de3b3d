#pragma once

#include "base/ErrorEntry.h"
#include "base/ErrorResolution.h"

#include <QList>

namespace cc {

class Clock;
class StoreConnection;

// The error log. Entries arrive already redacted (see ErrorEntry). Bounded like the check
// history, so a long outage cannot fill the disk.
class ErrorRepository
{
public:
    ErrorRepository(StoreConnection &connection, const Clock &clock)
        : m_connection(connection), m_clock(clock)
    {}

    // <= 0 disables a limit.
    void setRetention(int maxDays, int maxRows);

    bool record(const QList<ErrorEntry> &entries);
    bool resolve(const ErrorResolution &resolution);
    QList<ErrorEntry> recent(int limit) const; // newest first
    int count() const;                         // -1 on failure
    bool clear();

private:
    StoreConnection &m_connection;
    const Clock &m_clock;
    int m_maxDays = 90;
    int m_maxRows = 100000;
};

} // namespace cc
