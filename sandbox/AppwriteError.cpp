#include "AppwriteError.h"

#include <QJsonObject>

namespace sandbox {

HttpResponse AppwriteError::make(int code, const QString &type, const QString &message)
{
    HttpResponse r =
        HttpResponse::json(code, QJsonObject{{QStringLiteral("message"), message},
                                             {QStringLiteral("code"), code},
                                             {QStringLiteral("type"), type},
                                             {QStringLiteral("version"), QLatin1String(kVersion)}});
    r.setHeader("Cache-Control", "no-cache, no-store, must-revalidate");
    r.setHeader("Expires", "0");
    r.setHeader("Pragma", "no-cache");
    return r;
}

HttpResponse AppwriteError::routeNotFound()
{
    return make(
        404, QStringLiteral("general_route_not_found"),
        QStringLiteral("The requested route was not found. Please refer to the API docs and try again."));
}

HttpResponse AppwriteError::projectNotFound()
{
    return make(
        404, QStringLiteral("project_not_found"),
        QStringLiteral("Project with the requested ID could not be found. Please check the value of the "
                       "X-Appwrite-Project header to ensure the correct project ID is being used."));
}

HttpResponse AppwriteError::databaseNotFound(const QString &id)
{
    return make(404, QStringLiteral("database_not_found"),
                QStringLiteral("Database with the requested ID '%1' could not be found.").arg(id));
}

HttpResponse AppwriteError::collectionNotFound(const QString &id)
{
    return make(404, QStringLiteral("collection_not_found"),
                QStringLiteral("Collection with the requested ID '%1' could not be found.").arg(id));
}

HttpResponse AppwriteError::documentNotFound(const QString &id)
{
    return make(404, QStringLiteral("document_not_found"),
                QStringLiteral("Document with the requested ID '%1' could not be found.").arg(id));
}

HttpResponse AppwriteError::argumentInvalid(const QString &param, const QString &description)
{
    return make(400, QStringLiteral("general_argument_invalid"),
                QStringLiteral("Invalid `%1` param: %2").arg(param, description));
}

HttpResponse AppwriteError::missingParam(const QString &param)
{
    return make(400, QStringLiteral("general_argument_invalid"),
                QStringLiteral("Param \"%1\" is not optional.").arg(param));
}

HttpResponse AppwriteError::userUnauthorized()
{
    return make(401, QStringLiteral("user_unauthorized"),
                QStringLiteral("The current user is not authorized to perform the requested action."));
}

HttpResponse AppwriteError::rateLimited()
{
    return make(
        429, QStringLiteral("general_rate_limit_exceeded"),
        QStringLiteral("Rate limit for the current endpoint has been exceeded. Please try again after some "
                       "time."));
}

HttpResponse AppwriteError::serverError(int status)
{
    // Only 503 passes through Appwrite's error handler unchanged; other 5xx become 500 "Server Error",
    // but a proxy in front may still answer 502: keep the status the rule asked for.
    const QString message =
        status == 503 ? QStringLiteral("The service is temporarily unavailable. Please try again later.")
                      : QStringLiteral("Server Error");
    return make(status,
                status == 503 ? QStringLiteral("general_server_error") : QStringLiteral("general_unknown"),
                message);
}

QString AppwriteError::customIdDescription()
{
    return QStringLiteral(
        "Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, "
        "and underscore. Can't start with a special char");
}

bool AppwriteError::isValidCustomId(const QString &id)
{
    if (id.isEmpty() || id.size() > 36)
        return false;
    const QChar first = id.at(0);
    if (first == QLatin1Char('.') || first == QLatin1Char('-') || first == QLatin1Char('_'))
        return false;
    for (const QChar c : id) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                        (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                        (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') ||
                        c == QLatin1Char('-') || c == QLatin1Char('_');
        if (!ok)
            return false;
    }
    return true;
}

} // namespace sandbox
