#include "AppwriteError.h"

#include <QJsonDocument>
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

HttpResponse AppwriteError::parentNotFound(const ApiFamily &family, const QString &id)
{
    return make(404, family.parentType("not_found"),
                QStringLiteral("%1 with the requested ID '%2' could not be found.").arg(family.Parent(), id));
}

HttpResponse AppwriteError::recordNotFound(const ApiFamily &family, const QString &id)
{
    return make(404, family.type("not_found"),
                QStringLiteral("%1 with the requested ID '%2' could not be found.").arg(family.Record(), id));
}

HttpResponse AppwriteError::recordExists(const ApiFamily &family, const QString &id)
{
    return make(409, family.type("already_exists"),
                QStringLiteral("%1 with the requested ID '%2' already exists. Try again with a different ID "
                               "or use ID.unique() to generate a unique ID.")
                    .arg(family.Record(), id));
}

HttpResponse AppwriteError::fieldNotFound(const ApiFamily &family, const QString &key)
{
    return make(
        404, family.fieldType("not_found"),
        QStringLiteral("%1 with the requested key '%2' could not be found.").arg(family.Field(), key));
}

HttpResponse AppwriteError::indexNotFound(const ApiFamily &family, const QString &key)
{
    return make(
        404, family.tablesDb ? QStringLiteral("column_index_not_found") : QStringLiteral("index_not_found"),
        QStringLiteral("Index with the requested key '%1' could not be found.").arg(key));
}

HttpResponse AppwriteError::parentExists(const ApiFamily &family)
{
    return make(
        409, family.parentType("already_exists"),
        QStringLiteral("A %1 with the requested ID already exists. Try again with a different ID or use "
                       "ID.unique() to generate a unique ID.")
            .arg(QLatin1String(family.parent)));
}

HttpResponse AppwriteError::fieldExists(const ApiFamily &family)
{
    return make(409, family.fieldType("already_exists"),
                QStringLiteral("%1 with the requested key already exists. %1 keys must be unique, try again "
                               "with a different key.")
                    .arg(family.Field()));
}

HttpResponse AppwriteError::indexExists(const ApiFamily &family)
{
    // TablesDB names its index errors after columns: column_index_not_found, column_index_already_exists.
    return make(
        409,
        family.tablesDb ? QStringLiteral("column_index_already_exists")
                        : QStringLiteral("index_already_exists"),
        QStringLiteral("Index with the requested key already exists. Try again with a different key."));
}

HttpResponse AppwriteError::invalidStructure(const ApiFamily &family, const QString &message)
{
    // The message is utopia's Structure validator's ("Invalid document structure: …") in both families.
    return make(400, family.type("invalid_structure"), message);
}

HttpResponse AppwriteError::missingData(const ApiFamily &family)
{
    return make(400, family.type("missing_data"), QLatin1String(family.missingData));
}

HttpResponse AppwriteError::missingPayload(const ApiFamily &family)
{
    return make(400, family.type("missing_payload"),
                QStringLiteral("The %1 data and permissions are missing. You must provide either %1 data or "
                               "permissions to be updated.")
                    .arg(QLatin1String(family.record)));
}

HttpResponse AppwriteError::updateConflict(const ApiFamily &family)
{
    return make(409, family.type("update_conflict"),
                QStringLiteral("Remote %1 is newer than local.").arg(QLatin1String(family.record)));
}

void AppwriteError::stampVersion(HttpResponse *response, const QString &version)
{
    if (response->status < 400 || version == QLatin1String(kVersion))
        return;
    QJsonObject body = QJsonDocument::fromJson(response->body).object();
    if (!body.contains(QStringLiteral("version")))
        return; // not an Appwrite error body (e.g. an injected malformed one)
    body.insert(QStringLiteral("version"), version);
    response->body = QJsonDocument(body).toJson(QJsonDocument::Compact);
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
