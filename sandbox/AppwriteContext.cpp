#include "AppwriteContext.h"

#include "AppwriteError.h"

#include <QJsonDocument>

namespace sandbox {

bool AppwriteContext::jsonBody(const HttpRequest &request, QJsonObject *object)
{
    if (request.body.trimmed().isEmpty()) {
        *object = {};
        return true;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    *object = doc.object();
    return true;
}

Collection *AppwriteContext::collection(const RouteTable::Match &route, const ApiFamily &family,
                                        HttpResponse *error) const
{
    const QString databaseId = route.params.value(QStringLiteral("databaseId"));
    if (databaseId != store->databaseId()) {
        *error = AppwriteError::databaseNotFound(databaseId);
        return nullptr;
    }
    const QString id = route.params.value(QLatin1String(family.parentParam));
    Collection *found = store->collection(id);
    if (!found)
        *error = AppwriteError::parentNotFound(family, id);
    return found;
}

DocumentJsonStyle AppwriteContext::jsonStyle(const ApiFamily &family) const
{
    DocumentJsonStyle style;
    style.parentKey = family.parentKey;
    style.sequenceAsString = options->appwriteVersion == SandboxOptions::AppwriteVersion::V1_9;
    return style;
}

} // namespace sandbox
