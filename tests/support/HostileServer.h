#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

// A misbehaving HTTP server on loopback (127.0.0.1) for the hostile-input tests: it answers every
// request with an arbitrary raw body (any bytes, any size, any content type), or per route, or
// accepts the request and never answers, or sends the head at once and then the body one byte per
// interval. It records each request (method, target, body) so that a test can prove what was, or
// was not, written. Lives in the test thread; the clients under test share its event loop.
class HostileServer : public QObject
{
    Q_OBJECT
public:
    enum class Mode {
        Answer,      // answer at once
        NeverAnswer, // read the request, keep the connection open, send nothing
        Trickle,     // head at once, then the body one byte per trickleIntervalMs
    };

    struct Reply
    {
        int status = 200;
        QByteArray contentType = "application/json";
        QByteArray body;
        // false: no Content-Length; the body ends when the server closes the connection.
        bool announceLength = true;
    };

    struct Request
    {
        QByteArray method;
        QByteArray target; // path and query, as sent
        QByteArray body;
    };

    explicit HostileServer(QObject *parent = nullptr);
    bool start(QString *error);
    QUrl base() const; // "http://127.0.0.1:<port>"

    void setMode(Mode mode) { m_mode = mode; }
    void setTrickleIntervalMs(int ms) { m_trickleMs = ms; }
    // The reply for every request no route matches.
    void setReply(const Reply &reply) { m_default = reply; }
    void setReply(const QByteArray &body, int status = 200)
    {
        m_default = Reply{status, "application/json", body};
    }
    // Requests whose method is `method` and whose target contains `targetPart` get `reply`. The
    // first matching route wins.
    void addRoute(const QByteArray &method, const QByteArray &targetPart, const Reply &reply);

    const QList<Request> &requests() const { return m_requests; }
    int count(const QByteArray &method, const QByteArray &targetPart = QByteArray()) const;
    int connections() const { return m_connections; }

signals:
    void requestReceived();

private:
    struct Route
    {
        QByteArray method;
        QByteArray targetPart;
        Reply reply;
    };

    void onConnection();
    void onRequest(QTcpSocket *socket, const Request &request);
    const Reply &replyFor(const Request &request) const;

    QTcpServer m_server;
    Mode m_mode = Mode::Answer;
    int m_trickleMs = 200;
    Reply m_default;
    QList<Route> m_routes;
    QList<Request> m_requests;
    int m_connections = 0;
};
