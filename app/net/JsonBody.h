#pragma once

#include "HttpExchange.h"

#include <QJsonObject>
#include <QList>
#include <optional>

namespace cc {

// Strict reading of a JSON answer: it must say it is JSON and be one JSON object. Failures become
// a Malformed ServiceError naming the service, operation and status.
class JsonBody
{
public:
    static std::optional<QJsonObject> object(const HttpResult &result, ServiceError *error);
    // A malformed-answer error for a body whose JSON parsed but whose shape is wrong.
    static ServiceError shapeError(const HttpResult &result, const QString &what);

    // A list envelope {"total": n, "<key>": [objects, each with a string "$id"]}, read strictly
    // (Appwrite's document and execution lists). Pure: the fuzz target fuzz_appwrite_list runs it.
    struct List
    {
        int total = 0;
        QList<QJsonObject> items;
    };
    static std::optional<List> list(const HttpResult &result, const QString &key, ServiceError *error);
};

} // namespace cc
