#include "JsonBody.h"

#include "SecretRedactor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace cc {

std::optional<QJsonObject> JsonBody::object(const HttpResult &result, ServiceError *error)
{
    const QByteArray contentType = result.header("content-type").toLower();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(result.body, &parseError);
    QString problem;
    if (!contentType.contains("json"))
        problem = QStringLiteral("expected JSON, got '%1'")
                      .arg(QString::fromLatin1(contentType.isEmpty() ? "no content type" : contentType));
    else if (parseError.error != QJsonParseError::NoError)
        problem = QStringLiteral("invalid JSON at offset %1: %2")
                      .arg(parseError.offset)
                      .arg(parseError.errorString());
    else if (!doc.isObject())
        problem = QStringLiteral("expected a JSON object");
    if (problem.isEmpty())
        return doc.object();
    *error = shapeError(result, problem);
    return std::nullopt;
}

std::optional<JsonBody::List> JsonBody::list(const HttpResult &result, const QString &key,
                                             ServiceError *error)
{
    const auto obj = object(result, error);
    if (!obj)
        return std::nullopt;
    const QJsonValue items = obj->value(key);
    const QJsonValue total = obj->value(QStringLiteral("total"));
    if (!items.isArray() || !total.isDouble()) {
        *error = shapeError(result, QStringLiteral("expected 'total' (number) and '%1' (array)").arg(key));
        return std::nullopt;
    }
    List list;
    const QJsonArray array = items.toArray();
    list.items.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue v = array.at(i);
        // Named by position: an operator can find the entry, and no value (it may be anything) is echoed.
        if (!v.isObject() || !v.toObject().value(QStringLiteral("$id")).isString()) {
            *error =
                shapeError(result, QStringLiteral("%1[%2] is not an object with a string $id (it is %3)")
                                       .arg(key)
                                       .arg(i)
                                       .arg(!v.isObject() ? QStringLiteral("not an object")
                                                          : QStringLiteral("an object whose $id is not a "
                                                                           "string")));
            return std::nullopt;
        }
        list.items.append(v.toObject());
    }
    list.total = total.toInt();
    return list;
}

ServiceError JsonBody::shapeError(const HttpResult &result, const QString &what)
{
    ServiceError error = result.error;
    error.kind = ServiceError::Kind::Malformed;
    error.type = QStringLiteral("malformed_response");
    error.httpStatus = result.status;
    error.attempts = result.attempts;
    error.message = SecretRedactor::redact(what);
    error.detail += QStringLiteral(" -> %1\n%2")
                        .arg(result.status)
                        .arg(SecretRedactor::redact(QString::fromUtf8(result.body.left(300))));
    return error;
}

} // namespace cc
