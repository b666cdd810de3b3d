#pragma once

#include "AppwriteStore.h"
#include "HttpRequest.h"
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
};

} // namespace sandbox
