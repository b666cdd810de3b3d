#include "SandboxControl.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>

SandboxControl::SandboxControl(const QUrl &controlBase, int timeoutMs)
    : m_base(controlBase), m_timeoutMs(timeoutMs)
{}

QJsonObject SandboxControl::call(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    QUrl url = m_base;
    url.setPath(m_base.path() + path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(m_timeoutMs);
    const QByteArray payload =
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, payload);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(m_timeoutMs + 1000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    m_lastStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_lastError = reply->error() == QNetworkReply::NoError ? QString() : reply->errorString();
    const QByteArray data = reply->isFinished() ? reply->readAll() : QByteArray();
    if (!reply->isFinished()) {
        m_lastError = QStringLiteral("timeout");
        reply->abort();
    }
    reply->deleteLater();
    return QJsonDocument::fromJson(data).object();
}

QJsonObject SandboxControl::state()
{
    return call("GET", QStringLiteral("/state"));
}

QJsonArray SandboxControl::documents(const QString &collection)
{
    return state().value(QStringLiteral("collections")).toObject().value(collection).toArray();
}

bool SandboxControl::reset(const QJsonObject &params)
{
    call("POST", QStringLiteral("/reset"), params);
    return m_lastStatus == 200;
}

QJsonObject SandboxControl::requestCounts()
{
    return call("GET", QStringLiteral("/requests"));
}

int SandboxControl::routeCount(const QString &routeKey)
{
    return requestCounts().value(QStringLiteral("routes")).toObject().value(routeKey).toInt();
}

bool SandboxControl::clearRequestCounts()
{
    call("DELETE", QStringLiteral("/requests"));
    return m_lastStatus == 200;
}

bool SandboxControl::addFault(const QJsonObject &rule)
{
    call("POST", QStringLiteral("/faults"), QJsonObject{{QStringLiteral("rules"), QJsonArray{rule}}});
    return m_lastStatus == 200;
}

bool SandboxControl::clearFaults()
{
    call("DELETE", QStringLiteral("/faults"));
    return m_lastStatus == 200;
}

QJsonObject SandboxControl::faults()
{
    return call("GET", QStringLiteral("/faults"));
}

bool SandboxControl::setProgress(const QString &email, const QString &courseId, int progress, bool completed,
                                 const QJsonValue &itemsCompleted)
{
    QJsonObject body{{QStringLiteral("email"), email},
                     {QStringLiteral("courseId"), courseId},
                     {QStringLiteral("progress"), progress},
                     {QStringLiteral("completed"), completed}};
    if (!itemsCompleted.isNull() && !itemsCompleted.isUndefined())
        body.insert(QStringLiteral("itemsCompleted"), itemsCompleted);
    call("POST", QStringLiteral("/graphy/progress"), body);
    return m_lastStatus == 200;
}

bool SandboxControl::setGraphyV2Enabled(bool enabled)
{
    call("POST", QStringLiteral("/settings"), QJsonObject{{QStringLiteral("graphyV2Enabled"), enabled}});
    return m_lastStatus == 200;
}

QJsonObject SandboxControl::setSettings(const QJsonObject &settings)
{
    const QJsonObject now = call("POST", QStringLiteral("/settings"), settings);
    return m_lastStatus == 200 ? now : QJsonObject();
}
