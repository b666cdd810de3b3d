#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <functional>

class QTcpServer;

namespace sandbox {

class HttpConnection;

// A small HTTP/1.1 server on QTcpServer. Qt HttpServer 6.4 is not used because its responder API
// cannot delay an answer without blocking, nor drop, truncate or hang a connection on purpose, and
// those are exactly the faults the sandbox must inject. Listens on loopback only.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    explicit HttpServer(Handler handler, QObject *parent = nullptr);
    ~HttpServer() override;

    bool listen(quint16 port, QString *error);
    quint16 port() const;
    void closeAll();
    int connectionCount() const { return int(m_connections.size()); }

private:
    void acceptConnections();

    Handler m_handler;
    QTcpServer *m_server = nullptr;
    QSet<HttpConnection *> m_connections;
};

} // namespace sandbox
