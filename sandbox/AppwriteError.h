#pragma once

#include "ApiFamily.h"
#include "HttpResponse.h"

#include <QString>

namespace sandbox {

// Appwrite's error body `{"message","code","type","version"}` with its no-cache header, and the
// messages of the error types the sandbox produces.
class AppwriteError
{
public:
    static constexpr const char *kVersion = "1.8.1";

    static HttpResponse make(int code, const QString &type, const QString &message);
    static HttpResponse routeNotFound();
    static HttpResponse projectNotFound();
    static HttpResponse databaseNotFound(const QString &id);
    // Collection/table, document/row and attribute/column errors, named for the family asked.
    static HttpResponse parentNotFound(const ApiFamily &family, const QString &id);
    static HttpResponse recordNotFound(const ApiFamily &family, const QString &id);
    static HttpResponse recordExists(const ApiFamily &family, const QString &id);
    static HttpResponse fieldNotFound(const ApiFamily &family, const QString &key);
    static HttpResponse indexNotFound(const ApiFamily &family, const QString &key);
    // 409s of provisioning twice: collection/table, attribute/column, index.
    static HttpResponse parentExists(const ApiFamily &family);
    static HttpResponse fieldExists(const ApiFamily &family);
    static HttpResponse indexExists(const ApiFamily &family);
    static HttpResponse invalidStructure(const ApiFamily &family, const QString &message);
    static HttpResponse missingData(const ApiFamily &family);
    static HttpResponse missingPayload(const ApiFamily &family);
    static HttpResponse updateConflict(const ApiFamily &family);
    static HttpResponse argumentInvalid(const QString &param, const QString &description);
    static HttpResponse missingParam(const QString &param);
    static HttpResponse userUnauthorized();
    static HttpResponse rateLimited();
    static HttpResponse serverError(int status);
    // Error bodies are made with kVersion; a sandbox imitating another version restamps them.
    static void stampVersion(HttpResponse *response, const QString &version);
    static QString customIdDescription();
    static bool isValidCustomId(const QString &id);
};

} // namespace sandbox
