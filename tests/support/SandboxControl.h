#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QUrl>

// A tiny blocking client of the sandbox control API (`/_sandbox/…`) for tests. It waits in a local
// QEventLoop, which is safe because SandboxHost serves from its own thread.
class SandboxControl
{
public:
    explicit SandboxControl(const QUrl &controlBase, int timeoutMs = 60000);

    QJsonObject state();
    // One collection's documents from the state dump.
    QJsonArray documents(const QString &collection);
    // {seed, learners, courses, completedShare, checkedShare, emptyDatabase}; what is left out stays.
    bool reset(const QJsonObject &params = {});
    QJsonObject requestCounts();
    int routeCount(const QString &routeKey); // e.g. "GET /public/v2/learners"
    bool clearRequestCounts();
    bool addFault(const QJsonObject &rule);
    bool clearFaults();
    QJsonObject faults();
    // itemsCompleted: an int (first N items done) or the string "all"; null leaves items as they are.
    bool setProgress(const QString &email, const QString &courseId, int progress, bool completed,
                     const QJsonValue &itemsCompleted = QJsonValue());
    bool setGraphyV2Enabled(bool enabled);
    // Run-time switches of `/_sandbox/settings`, e.g. {"appwriteVersion":"1.7"} or
    // {"keyScopes":"rows"} (see SandboxOptions); answers the settings now in force, or {} on failure.
    QJsonObject setSettings(const QJsonObject &settings);

    int lastStatus() const { return m_lastStatus; }
    QString lastError() const { return m_lastError; }

private:
    QJsonObject call(const QByteArray &method, const QString &path, const QJsonObject &body = {});

    QNetworkAccessManager m_network;
    QUrl m_base;
    int m_timeoutMs;
    int m_lastStatus = 0;
    QString m_lastError;
};
