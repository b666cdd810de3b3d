#pragma once

#include <QMetaType>
#include <QString>

namespace cc {

// One notification for the desktop, decided by NotificationPolicy; the UI shows it.
struct DesktopNotification
{
    enum class Kind {
        Completions,        // "7 learners completed" (one summary per run)
        ServiceDown,        // a service became unreachable
        ServiceRecovered,   // ... and answers again
        CredentialsRefused, // a service refused the API key
        ScheduleFailing,    // N runs in a row failed
        ScheduleRecovered,  // a run succeeded after that
        Hint,               // a one-off word from the app (closing the window keeps it running)
    };
    enum class Severity { Information, Warning, Critical };
    // What clicking it opens.
    enum class Target { Learners, BatchStats, Errors, Health, Settings };

    Kind kind = Kind::Completions;
    Severity severity = Severity::Information;
    Target target = Target::Learners;
    QString title;
    QString body;
};

QString notificationKindName(DesktopNotification::Kind kind);

} // namespace cc

Q_DECLARE_METATYPE(cc::DesktopNotification)
