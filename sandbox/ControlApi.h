#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"

namespace sandbox {

class SandboxService;

// `/_sandbox/…`: state dump, reseed, request counts, faults, Graphy progress, settings. No auth:
// it only ever listens on loopback.
class ControlApi
{
public:
    explicit ControlApi(SandboxService *service) : m_service(service) {}

    HttpResponse handle(const HttpRequest &request);

private:
    HttpResponse state();
    HttpResponse reset(const QJsonObject &body);
    HttpResponse addFaults(const QJsonObject &body);
    HttpResponse setProgress(const QJsonObject &body);
    HttpResponse settings(const QJsonObject &body, bool write);
    HttpResponse info();

    SandboxService *m_service;
};

} // namespace sandbox
