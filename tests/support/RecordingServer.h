#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpServer>
#include <QUrl>

// A stranger on the network: a loopback HTTP server on another address (127.0.0.2) that records
// every request it is sent, head and body, and answers each with a fixed status and JSON body. Tests
// point redirects at it to prove what a client would hand to a host it was never configured for.
class RecordingServer : public QObject
{
    Q_OBJECT
public:
    explicit RecordingServer(QByteArray answer = QByteArrayLiteral("{}"), int status = 200,
                             QObject *parent = nullptr);
    bool start(QString *error);
    QUrl base() const; // "http://127.0.0.2:<port>"
    // Raw requests received so far (request line, headers, body).
    const QList<QByteArray> &requests() const { return m_requests; }
    bool anyRequestContains(const QByteArray &needle) const;

signals:
    void requestReceived();

private:
    void onConnection();
    QTcpServer m_server;
    QByteArray m_answer;
    int m_status;
    QList<QByteArray> m_requests;
};
