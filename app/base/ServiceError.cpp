#include "ServiceError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace cc {

bool ServiceError::isTransient() const
{
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
    case Kind::Malformed:
    case Kind::CircuitOpen:
    case Kind::Aborted:
        return true;
    case Kind::Http:
        return httpStatus == 408 || httpStatus == 429 || httpStatus >= 500;
    case Kind::None:
    case Kind::TooLarge:
    case Kind::Config:
    case Kind::Business:
    case Kind::Redirect:
        return false;
    }
    return false;
}

bool ServiceError::isServiceFailure() const
{
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
    case Kind::Malformed:
        return true;
    case Kind::Http:
        return httpStatus >= 500;
    default:
        return false;
    }
}

bool ServiceError::isAuthFailure() const
{
    if (kind != Kind::Http)
        return false;
    if (httpStatus == 401 || httpStatus == 403)
        return true;
    return httpStatus == 404 && type == QLatin1String("project_not_found");
}

QStringList ServiceError::missingScopes() const
{
    if (kind != Kind::Http || httpStatus != 401)
        return {};
    // Appwrite: "app.<project>@service.<host> (role: applications) missing scopes ([\"rows.read\"])"
    static const QRegularExpression pattern(QStringLiteral("missing scopes? \\((\\[[^)]*\\])\\)"));
    const QRegularExpressionMatch match = pattern.match(message);
    if (!match.hasMatch())
        return {};
    QStringList scopes;
    for (const QJsonValue &v : QJsonDocument::fromJson(match.captured(1).toUtf8()).array()) {
        if (v.isString() && !v.toString().isEmpty())
            scopes << v.toString();
    }
    return scopes;
}

bool ServiceError::isConfigurationFailure() const
{
    return isAuthFailure() || kind == Kind::Redirect || kind == Kind::Business;
}

bool ServiceError::isUnavailable() const
{
    return isConfigurationFailure() || isServiceFailure() || kind == Kind::CircuitOpen;
}

ServiceError::Kind ServiceError::kindFromName(const QString &name)
{
    for (Kind kind : {Kind::Network, Kind::Timeout, Kind::Http, Kind::Malformed, Kind::TooLarge,
                      Kind::CircuitOpen, Kind::Aborted, Kind::Config, Kind::Business, Kind::Redirect}) {
        if (kindName(kind) == name)
            return kind;
    }
    return Kind::None;
}

QString ServiceError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return QStringLiteral("none");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Http:
        return QStringLiteral("http");
    case Kind::Malformed:
        return QStringLiteral("malformed_response");
    case Kind::TooLarge:
        return QStringLiteral("response_too_large");
    case Kind::CircuitOpen:
        return QStringLiteral("circuit_open");
    case Kind::Aborted:
        return QStringLiteral("aborted");
    case Kind::Config:
        return QStringLiteral("configuration");
    case Kind::Business:
        return QStringLiteral("business_error");
    case Kind::Redirect:
        return QStringLiteral("redirect_refused");
    }
    return QStringLiteral("unknown");
}

QString ServiceError::toString() const
{
    QString text = service + QLatin1Char(' ') + operation + QStringLiteral(": ");
    if (httpStatus > 0)
        text += QStringLiteral("HTTP %1 ").arg(httpStatus);
    text += type.isEmpty() ? kindName(kind) : type;
    if (!message.isEmpty())
        text += QStringLiteral(": ") + message;
    if (attempts > 1)
        text += QStringLiteral(" (after %1 attempts)").arg(attempts);
    return text;
}

} // namespace cc
