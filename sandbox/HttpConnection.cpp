#include "HttpConnection.h"

#include <QTcpSocket>
#include <QTimer>

namespace sandbox {

namespace {
constexpr qsizetype kMaxHeadBytes = 64 * 1024;
constexpr qsizetype kMaxBodyBytes = 32 * 1024 * 1024;
} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, HttpServer::Handler handler, QObject *parent)
    : QObject(parent), m_socket(socket), m_handler(std::move(handler))
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::finished);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e == QAbstractSocket::RemoteHostClosedError)
            emit finished();
    });
    if (m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &HttpConnection::readAvailable);
}

HttpConnection::~HttpConnection()
{
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->abort();
}

void HttpConnection::readAvailable()
{
    m_buffer += m_socket->readAll();
    processBuffer();
}

void HttpConnection::processBuffer()
{
    while (!m_busy && !m_closing) {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            if (m_buffer.size() > kMaxHeadBytes)
                fail(431, "request head too large");
            return;
        }
        HttpRequest request;
        qsizetype contentLength = 0;
        QByteArray problem;
        if (!parseHead(headEnd, &request, &contentLength, &problem)) {
            fail(problem.startsWith("501") ? 501 : 400, problem);
            return;
        }
        const qsizetype total = headEnd + 4 + contentLength;
        if (m_buffer.size() < total)
            return; // wait for the rest of the body
        request.body = m_buffer.mid(headEnd + 4, contentLength);
        m_buffer.remove(0, total);
        request.peerAddress = m_socket->peerAddress().toString();

        const HttpResponse response = m_handler(request);
        const bool close = !request.keepAlive;
        if (response.delivery == HttpResponse::Delivery::Hang) {
            m_busy = true; // keep the socket open and never answer
            return;
        }
        if (response.delayMs > 0) {
            m_busy = true;
            QTimer::singleShot(response.delayMs, this, [this, response, close] {
                m_busy = false;
                deliver(response, close);
                processBuffer();
            });
            return;
        }
        deliver(response, close);
    }
}

bool HttpConnection::parseHead(qsizetype headEnd, HttpRequest *request, qsizetype *contentLength,
                               QByteArray *problem)
{
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> parts = lines.value(0).trimmed().split(' ');
    if (parts.size() != 3 || !parts[2].startsWith("HTTP/1.") || parts[0].isEmpty() ||
        !parts[1].startsWith('/')) {
        *problem = "malformed request line";
        return false;
    }
    request->method = parts[0];
    request->target = parts[1];
    const bool http10 = parts[2] == "HTTP/1.0";
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            *problem = "malformed header line";
            return false;
        }
        request->headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    const QByteArray connection = request->header("connection").toLower();
    request->keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
    if (request->header("transfer-encoding").toLower().contains("chunked")) {
        *problem = "501 chunked request bodies are not supported";
        return false;
    }
    const QByteArray length = request->header("content-length");
    if (!length.isEmpty()) {
        bool ok = false;
        *contentLength = length.toLongLong(&ok);
        if (!ok || *contentLength < 0 || *contentLength > kMaxBodyBytes) {
            *problem = "invalid Content-Length";
            return false;
        }
    }
    const qsizetype question = request->target.indexOf('?');
    request->rawPath = question < 0 ? request->target : request->target.left(question);
    request->path = HttpRequest::percentDecode(request->rawPath, false);
    if (question >= 0)
        request->query = HttpRequest::parseUrlEncoded(request->target.mid(question + 1));
    return true;
}

void HttpConnection::deliver(const HttpResponse &response, bool close)
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    switch (response.delivery) {
    case HttpResponse::Delivery::Drop:
        m_closing = true;
        m_socket->abort();
        emit finished();
        return;
    case HttpResponse::Delivery::Truncate:
        m_closing = true;
        m_socket->write(response.serialize(true));
        m_socket->disconnectFromHost();
        return;
    default:
        break;
    }
    m_socket->write(response.serialize(close));
    if (close) {
        m_closing = true;
        m_socket->disconnectFromHost();
    }
}

void HttpConnection::fail(int status, const QByteArray &message)
{
    HttpResponse response;
    response.status = status;
    response.contentType = "text/plain";
    response.body = message;
    deliver(response, true);
    m_closing = true;
}

} // namespace sandbox
