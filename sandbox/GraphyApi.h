#pragma once

#include "GraphyStore.h"
#include "HttpRequest.h"
#include "HttpResponse.h"
#include "RouteTable.h"
#include "SandboxOptions.h"

namespace sandbox {

// Graphy's public API: mid/key from query or form body, learners v1/v2 with their different
// field names, products, usage, v3 active learners; unknown routes get a gateway HTML 404.
class GraphyApi
{
public:
    GraphyApi(GraphyStore *store, const SandboxOptions *options) : m_store(store), m_options(options) {}

    HttpResponse handle(const RouteTable::Match &route, const HttpRequest &request);
    void setV2Enabled(bool enabled) { m_v2Enabled = enabled; }
    bool v2Enabled() const { return m_v2Enabled; }

    static HttpResponse notFoundPage();

private:
    QString param(const HttpRequest &request, const QString &name) const;
    HttpResponse learners(const HttpRequest &request, bool v2);
    HttpResponse learner(const QString &id, const HttpRequest &request);
    HttpResponse usage(const QString &id, const HttpRequest &request);
    HttpResponse products(const HttpRequest &request);
    HttpResponse activeLearners(const HttpRequest &request);
    static HttpResponse error(int status, int code, const QString &message);

    GraphyStore *m_store;
    const SandboxOptions *m_options;
    bool m_v2Enabled = true;
};

} // namespace sandbox
