#pragma once

#include "AppwriteContext.h"
#include "HttpResponse.h"
#include "RouteTable.h"

namespace sandbox {

// Executions of the one function (`completion_checker`): sync → 201 completed, async → 202 waiting
// that completes shortly after.
class ExecutionRoutes
{
public:
    explicit ExecutionRoutes(const AppwriteContext &context) : m_context(context) {}

    HttpResponse handle(const RouteTable::Match &route, const HttpRequest &request, qint64 now);

private:
    HttpResponse create(const HttpRequest &request, qint64 now);

    AppwriteContext m_context;
};

} // namespace sandbox
