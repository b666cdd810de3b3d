#include "HttpProbe.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QTimer>

ProbeReply HttpProbe::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                           const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QNetworkRequest request(QUrl::fromEncoded(m_base.toEncoded() + pathAndQuery.toUtf8()));
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    if (!body.isEmpty() && !request.hasRawHeader("Content-Type"))
        request.setRawHeader("Content-Type", "application/json");
    QElapsedTimer clock;
    clock.start();
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    ProbeReply out;
    out.elapsedMs = clock.elapsed();
    if (!reply->isFinished()) {
        out.timedOut = true;
        reply->abort();
        reply->deleteLater();
        return out;
    }
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.error = reply->error();
    out.body = reply->readAll();
    for (const auto &pair : reply->rawHeaderPairs())
        out.headers.insert(pair.first.toLower(), pair.second);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(out.body, &parseError);
    out.isJson = parseError.error == QJsonParseError::NoError;
    out.json = doc.object();
    reply->deleteLater();
    return out;
}

ProbeReply HttpProbe::appwrite(const QByteArray &method, const QString &pathAndQuery, const QJsonObject &body,
                               const QString &key)
{
    QList<QPair<QByteArray, QByteArray>> headers{{"X-Appwrite-Project", "sandbox-project"}};
    if (!key.isEmpty())
        headers.append({"X-Appwrite-Key", key.toUtf8()});
    const QByteArray payload =
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    return send(method, QStringLiteral("/v1") + pathAndQuery, payload, headers);
}

QString HttpProbe::queries(const QList<QJsonObject> &queries)
{
    QStringList parts;
    for (const QJsonObject &query : queries)
        parts << QStringLiteral("queries[]=") +
                     QString::fromLatin1(
                         QJsonDocument(query).toJson(QJsonDocument::Compact).toPercentEncoding());
    return parts.join(QLatin1Char('&'));
}

QJsonObject HttpProbe::q(const QString &method, const QString &attribute, const QJsonArray &values)
{
    QJsonObject o{{QStringLiteral("method"), method}};
    if (!attribute.isEmpty())
        o.insert(QStringLiteral("attribute"), attribute);
    if (!values.isEmpty())
        o.insert(QStringLiteral("values"), values);
    return o;
}
