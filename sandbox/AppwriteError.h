#pragma once

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
    static HttpResponse collectionNotFound(const QString &id);
    static HttpResponse documentNotFound(const QString &id);
    static HttpResponse argumentInvalid(const QString &param, const QString &description);
    static HttpResponse missingParam(const QString &param);
    static HttpResponse userUnauthorized();
    static HttpResponse rateLimited();
    static HttpResponse serverError(int status);
    static QString customIdDescription();
    static bool isValidCustomId(const QString &id);
};

} // namespace sandbox
