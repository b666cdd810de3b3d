#include "AppwriteContext.h"

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

} // namespace sandbox
