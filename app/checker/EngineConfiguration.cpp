#include "EngineConfiguration.h"

#include "config/RateLimitSetting.h"
#include "store/LocalStore.h"

namespace cc {

EngineSettings EngineConfiguration::engineSettings(const AppConfig &c)
{
    EngineSettings s;
    s.appwrite.endpoint = QUrl(c.appwriteEndpoint);
    s.appwrite.projectId = c.appwriteProject;
    s.appwrite.apiKey = c.appwriteApiKey;
    s.appwrite.databaseId = c.appwriteDatabaseId;
    AppwriteFamily::parseApiName(c.appwriteApi, &s.appwrite.api); // validated: auto if unknown
    s.graphy.apiBase = QUrl(c.graphyApiBase);
    s.graphy.apiKey = c.graphyApiKey;
    s.graphy.merchantId = c.graphyMerchantId;
    s.learnersCollection = c.learnersCollection;
    s.eventsCollection = c.eventsCollection;
    s.runsCollection = c.runsCollection;
    s.attributes = c.attributes;
    s.batchSize = c.batchSize;
    s.concurrency = c.concurrency;
    const RateLimitSetting graphyRate = RateLimitSetting::fromText(c.graphyRateLimit);
    const RateLimitSetting appwriteRate = RateLimitSetting::fromText(c.appwriteRateLimit);
    s.graphyRatePerSecond = graphyRate.ceiling;
    s.graphyRateAdaptive = graphyRate.adaptive;
    s.appwriteRatePerSecond = appwriteRate.ceiling;
    s.appwriteRateAdaptive = appwriteRate.adaptive;
    s.runDeadlineMs = qint64(c.runDeadlineSeconds) * 1000;
    s.requestTimeoutMs = c.requestTimeoutMs;
    s.maxAttempts = c.maxRetries + 1;
    return s;
}

WorkerOptions EngineConfiguration::workerOptions(const AppConfig &c)
{
    WorkerOptions o;
    o.databasePath = LocalStore::pathIn(c.dataDir);
    o.schedule = c.schedule;
    o.startJitterSeconds = c.startJitterSeconds;
    o.historyMaxDays = c.historyMaxDays;
    o.historyMaxRows = c.historyMaxRows;
    return o;
}

ServiceChannel::Settings EngineConfiguration::channelSettings(const QString &service, const EngineSettings &s,
                                                              int maxInFlight, double ratePerSecond,
                                                              bool adaptive, double startRate)
{
    ServiceChannel::Settings c;
    c.service = service;
    c.maxInFlight = maxInFlight;
    c.ratePerSecond = ratePerSecond;
    c.burst = std::max(1.0, ratePerSecond);
    c.adaptiveRate = adaptive;
    c.startRate = startRate;
    c.timeoutMs = s.requestTimeoutMs;
    c.retry.maxAttempts = s.maxAttempts;
    c.retry.baseDelayMs = s.retryBaseDelayMs;
    c.retry.maxServerWaitMs = s.maxServerWaitMs;
    c.breaker.failureThreshold = s.breakerFailureThreshold;
    c.breaker.openDurationMs = s.breakerOpenMs;
    return c;
}

} // namespace cc
