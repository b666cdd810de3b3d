#include "RecordingServer.h"

#include <QHostAddress>
#include <QTcpSocket>

RecordingServer::RecordingServer(QByteArray answer, int status, QObject *parent)
    : QObject(parent), m_answer(std::move(answer)), m_status(status)
{
    connect(&m_server, &QTcpServer::newConnection, this, &RecordingServer::onConnection);
}

bool RecordingServer::start(QString *error)
{
    // Another address of the loopback net, so that it is another host, not just another port.
    if (m_server.listen(QHostAddress(QStringLiteral("127.0.0.2")), 0))
        return true;
    *error = QStringLiteral("cannot listen on 127.0.0.2: ") + m_server.errorString();
    return false;
}

QUrl RecordingServer::base() const
{
    return QUrl(QStringLiteral("http://127.0.0.2:%1").arg(m_server.serverPort()));
}

bool RecordingServer::anyRequestContains(const QByteArray &needle) const
{
    for (const QByteArray &r : m_requests) {
        if (r.contains(needle))
            return true;
    }
    return false;
}

void RecordingServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *buffer = new QByteArray;
        connect(socket, &QTcpSocket::disconnected, socket, [socket, buffer] {
            delete buffer;
            socket->deleteLater();
        });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            qsizetype length = 0;
            for (const QByteArray &line : buffer->left(headEnd).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (buffer->size() < headEnd + 4 + length)
                return;
            m_requests.append(buffer->left(headEnd + 4 + length));
            buffer->remove(0, headEnd + 4 + length);
            socket->write("HTTP/1.1 " + QByteArray::number(m_status) +
                          " Answer\r\nContent-Type: application/json\r\nContent-Length: " +
                          QByteArray::number(m_answer.size()) + "\r\n\r\n" + m_answer);
            emit requestReceived();
        });
    }
}
