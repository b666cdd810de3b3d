#pragma once

#include <QString>

namespace sandbox {

// Appwrite's datetime handling: accept any ISO-8601 string, keep UTC milliseconds, print
// `YYYY-MM-DDTHH:MM:SS.mmm+00:00` (PHP `Y-m-d\TH:i:s.vP`).
class IsoTime
{
public:
    static bool parse(const QString &text, qint64 *msSinceEpoch);
    static QString format(qint64 msSinceEpoch);
    static qint64 nowMs();
};

} // namespace sandbox
