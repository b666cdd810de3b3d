#include "HttpServer.h"

#include "HttpConnection.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace sandbox {

HttpServer::HttpServer(Handler handler, QObject *parent)
    : QObject(parent), m_handler(std::move(handler)), m_server(new QTcpServer(this))
{
    m_server->setMaxPendingConnections(1024);
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::acceptConnections);
}

HttpServer::~HttpServer()
{
    closeAll();
}

bool HttpServer::listen(quint16 port, QString *error)
{
    // Never answer for a non-loopback address.
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        if (error)
            *error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 HttpServer::port() const
{
    return m_server->serverPort();
}

void HttpServer::closeAll()
{
    m_server->close();
    const auto connections = m_connections;
    m_connections.clear();
    for (HttpConnection *c : connections)
        delete c;
}

void HttpServer::acceptConnections()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (!socket->peerAddress().isLoopback()) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *connection = new HttpConnection(socket, m_handler, this);
        m_connections.insert(connection);
        connect(connection, &HttpConnection::finished, this, [this, connection] {
            if (m_connections.remove(connection))
                connection->deleteLater();
        });
    }
}

} // namespace sandbox
