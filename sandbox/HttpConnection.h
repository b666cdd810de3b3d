#pragma once

#include "HttpServer.h"

#include <QObject>

class QTcpSocket;
class QTimer;

namespace sandbox {

// One client socket. Requests are handled strictly one after another (no pipelined overlap), so a
// delayed answer keeps the order of responses on a keep-alive connection.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, HttpServer::Handler handler, QObject *parent);
    ~HttpConnection() override;

signals:
    void finished();

private:
    void readAvailable();
    void processBuffer();
    bool parseHead(qsizetype headEnd, HttpRequest *request, qsizetype *contentLength, QByteArray *problem);
    void deliver(const HttpResponse &response, bool close);
    void fail(int status, const QByteArray &message);

    QTcpSocket *m_socket;
    HttpServer::Handler m_handler;
    QByteArray m_buffer;
    QTimer *m_delay = nullptr;
    bool m_busy = false; // a response is pending (delayed or hanging)
    bool m_closing = false;
};

} // namespace sandbox
