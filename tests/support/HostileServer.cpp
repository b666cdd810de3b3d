#include "HostileServer.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace {
QByteArray head(const HostileServer::Reply &reply)
{
    QByteArray h = "HTTP/1.1 " + QByteArray::number(reply.status) + " Hostile\r\n";
    if (!reply.contentType.isEmpty())
        h += "Content-Type: " + reply.contentType + "\r\n";
    if (reply.announceLength)
        h += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    else
        h += "Connection: close\r\n";
    return h + "\r\n";
}
} // namespace

HostileServer::HostileServer(QObject *parent) : QObject(parent)
{
    m_default.body = "{}";
    connect(&m_server, &QTcpServer::newConnection, this, &HostileServer::onConnection);
}

bool HostileServer::start(QString *error)
{
    if (m_server.listen(QHostAddress::LocalHost, 0))
        return true;
    *error = QStringLiteral("cannot listen on 127.0.0.1: ") + m_server.errorString();
    return false;
}

QUrl HostileServer::base() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

void HostileServer::addRoute(const QByteArray &method, const QByteArray &targetPart, const Reply &reply)
{
    m_routes.append(Route{method, targetPart, reply});
}

int HostileServer::count(const QByteArray &method, const QByteArray &targetPart) const
{
    int n = 0;
    for (const Request &r : m_requests) {
        if (r.method == method && r.target.contains(targetPart))
            ++n;
    }
    return n;
}

const HostileServer::Reply &HostileServer::replyFor(const Request &request) const
{
    for (const Route &route : m_routes) {
        if (route.method == request.method && request.target.contains(route.targetPart))
            return route.reply;
    }
    return m_default;
}

void HostileServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        // The socket is a child of the server: whatever is still open dies with it.
        ++m_connections;
        // Owned by the connection below: freed with the socket however it ends (a socket still
        // open when the server dies emits no disconnected()).
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            for (;;) {
                const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
                if (headEnd < 0)
                    return;
                qsizetype length = 0;
                const QList<QByteArray> lines = buffer->left(headEnd).split('\n');
                for (const QByteArray &line : lines) {
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                }
                if (buffer->size() < headEnd + 4 + length)
                    return;
                const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
                const Request request{requestLine.value(0), requestLine.value(1),
                                      buffer->mid(headEnd + 4, length)};
                buffer->remove(0, headEnd + 4 + length);
                onRequest(socket, request);
            }
        });
    }
}

void HostileServer::onRequest(QTcpSocket *socket, const Request &request)
{
    m_requests.append(request);
    emit requestReceived();
    const Reply &reply = replyFor(request);
    switch (m_mode) {
    case Mode::NeverAnswer:
        return;
    case Mode::Answer:
        socket->write(head(reply) + reply.body);
        if (!reply.announceLength)
            socket->disconnectFromHost(); // after the buffered body is written
        return;
    case Mode::Trickle: {
        socket->write(head(reply));
        auto *timer = new QTimer(socket);
        auto sent = std::make_shared<qsizetype>(0);
        const QByteArray body = reply.body;
        const bool close = !reply.announceLength;
        connect(timer, &QTimer::timeout, socket, [socket, timer, sent, body, close] {
            if (*sent >= body.size()) {
                timer->stop();
                if (close)
                    socket->disconnectFromHost();
                return;
            }
            socket->write(body.mid((*sent)++, 1));
        });
        timer->start(m_trickleMs);
        return;
    }
    }
}
