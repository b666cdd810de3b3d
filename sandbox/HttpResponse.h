#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace sandbox {

// A response plus how to deliver it: the fault injector can delay it or deliver it wrongly.
struct HttpResponse
{
    enum class Delivery { Normal, Drop, Truncate, Hang };

    int status = 200;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    Delivery delivery = Delivery::Normal;
    int delayMs = 0;

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse json(int status, const QJsonArray &array);
    static HttpResponse html(int status, const QByteArray &page);
    static HttpResponse empty(int status);

    void setHeader(const QByteArray &name, const QByteArray &value);
    // Serialises status line, headers and body. `close` adds Connection: close.
    QByteArray serialize(bool close) const;
    static QByteArray reasonPhrase(int status);
};

} // namespace sandbox
