#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>

// Blocking raw HTTP for sandbox tests: what came back, status, headers and body, nothing interpreted.
struct ProbeReply
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    bool timedOut = false;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QJsonObject json;
    bool isJson = false;
    qint64 elapsedMs = 0;

    QString type() const { return json.value(QStringLiteral("type")).toString(); }
};

class HttpProbe
{
public:
    explicit HttpProbe(const QUrl &base) : m_base(base) {}

    // pathAndQuery is appended verbatim (already encoded) to the base URL.
    ProbeReply send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                    const QList<QPair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 10000);
    ProbeReply appwrite(const QByteArray &method, const QString &pathAndQuery, const QJsonObject &body = {},
                        const QString &key = QStringLiteral("sandbox-appwrite-key"));

    // "queries[]=…&queries[]=…" with each JSON query percent-encoded.
    static QString queries(const QList<QJsonObject> &queries);
    static QJsonObject q(const QString &method, const QString &attribute = {}, const QJsonArray &values = {});

private:
    QNetworkAccessManager m_network;
    QUrl m_base;
};
