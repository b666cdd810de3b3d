#pragma once

#include "ApiFamily.h"
#include "AppwriteStore.h"
#include "HttpRequest.h"
#include "HttpResponse.h"
#include "RouteTable.h"
#include "SandboxOptions.h"

#include <QJsonObject>
#include <QRandomGenerator>

namespace sandbox {

// What the Appwrite route handlers share: the data, the options and the id generator.
struct AppwriteContext
{
    AppwriteStore *store = nullptr;
    const SandboxOptions *options = nullptr;
    QRandomGenerator *random = nullptr;

    QString newId(qint64 now) const { return AppwriteStore::newId(now, random->generate()); }
    // Parses a JSON request body. An empty body is an empty object, as PHP sees no params.
    static bool jsonBody(const HttpRequest &request, QJsonObject *object);
    // The collection (table) the route names, or null with the database/collection/table 404.
    Collection *collection(const RouteTable::Match &route, const ApiFamily &family,
                           HttpResponse *error) const;
    // Documents as the family and the imitated version show them.
    DocumentJsonStyle jsonStyle(const ApiFamily &family) const;
};

} // namespace sandbox
