#pragma once

#include "EngineSettings.h"
#include "LearnerCheck.h"

#include <QObject>

class QNetworkAccessManager;

namespace cc {

class AppwriteClient;
class Clock;
class GraphyClient;
class ServiceChannel;

// The HTTP channels and API clients one set of settings talks through, built in one place for the
// checker's runs, the settings dialog's connection test and the tests' rigs. Lives in the thread
// that built it; deleting it (or its parent) deletes the channels and clients.
class CheckerServices : public QObject
{
    Q_OBJECT
public:
    enum class Purpose {
        Checking,       // a run and manual checks: concurrency and rate limits from the settings
        ConnectionTest, // a few requests with values being edited: two in flight, no rate limit
    };

    // `nam` is shared when given; otherwise the services own one.
    CheckerServices(const EngineSettings &settings, Purpose purpose, const Clock *clock,
                    QNetworkAccessManager *nam = nullptr, QObject *parent = nullptr);

    AppwriteClient *appwrite() const { return m_appwrite; }
    GraphyClient *graphy() const { return m_graphy; }
    ServiceChannel *appwriteChannel() const { return m_appwriteChannel; }
    ServiceChannel *graphyChannel() const { return m_graphyChannel; }
    const Clock *clock() const { return m_clock; }
    // What a LearnerCheck or a RunEngine takes.
    LearnerCheck::Services checkServices() const;
    // Ends every request in flight or queued on both channels (they finish as Aborted).
    void abortAll();
    // Only the requests sent for `owner` (a run) or its children (its checks and pager).
    void abortOwnedBy(const QObject *owner);

private:
    const Clock *m_clock;
    ServiceChannel *m_appwriteChannel;
    ServiceChannel *m_graphyChannel;
    AppwriteClient *m_appwrite;
    GraphyClient *m_graphy;
};

} // namespace cc
