#pragma once

// The state of one call in a ServiceChannel: shared by the channel's two implementation files
// (ServiceChannel.cpp sends and paces, ServiceChannelAnswer.cpp reads the answers). Private to net.
#include "ServiceChannel.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

namespace cc {

struct ServiceChannel::Call
{
    HttpRequestSpec spec;
    QPointer<QObject> context;
    bool hasContext = false;
    Callback done;
    int attempts = 0;
    // QPointer: a manager destroyed before the channel (sibling order) takes its replies with it.
    QPointer<QNetworkReply> reply;
    QPointer<QNetworkAccessManager> manager;
    QTimer *timeout = nullptr;
    QTimer *retryTimer = nullptr;
    qint64 sentAtMs = 0;
    bool timedOut = false;
    bool aborted = false;
    bool tooLarge = false;
    int redirects = 0; // followed, this attempt
    QUrl url;          // where this hop goes: the configured URL, or a redirect we chose to follow
};

} // namespace cc
