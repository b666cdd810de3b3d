#pragma once

#include "HttpExchange.h"

#include <QJsonObject>
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
};

} // namespace cc
