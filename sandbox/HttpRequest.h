#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace sandbox {

// One parsed HTTP/1.1 request. Parsing is our own (not app/net's) so the imitation cannot inherit
// the client's misunderstandings of query encoding.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // raw request target, e.g. "/v1/health?x=1"
    QString path;      // percent-decoded path without the query string
    QByteArray rawPath;
    QList<QPair<QString, QString>> query;         // decoded, in order of appearance
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    bool keepAlive = true;
    QString peerAddress;

    QByteArray header(const QByteArray &lowerName) const;
    bool hasQuery(const QString &name) const;
    QString queryValue(const QString &name) const;
    // Collects `name[]=…` and `name[N]=…` (ordered by N) values, as PHP would build the array.
    QStringList queryArray(const QString &name) const;
    // Form fields from an application/x-www-form-urlencoded body.
    QList<QPair<QString, QString>> formFields() const;

    // Splits "a=1&b=2" into decoded pairs; '+' means space as in HTML forms.
    static QList<QPair<QString, QString>> parseUrlEncoded(const QByteArray &text);
    static QString percentDecode(const QByteArray &text, bool plusIsSpace);
};

} // namespace sandbox
