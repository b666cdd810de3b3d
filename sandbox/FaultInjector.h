#pragma once

#include "FaultRule.h"
#include "HttpRequest.h"
#include "HttpResponse.h"
#include "RouteTable.h"

#include <QJsonArray>
#include <QList>
#include <QRandomGenerator>

namespace sandbox {

// Decides, per request, whether a fault rule applies and builds the faulty answer in the style of
// the API it imitates. Probabilities draw from a generator seeded like the demo data, so a run
// with the same seed and the same request sequence sees the same faults.
class FaultInjector
{
public:
    explicit FaultInjector(quint32 seed = 1) : m_random(seed) {}

    void reset(quint32 seed);
    void clear() { m_rules.clear(); }
    void add(const FaultRule &rule) { m_rules.append(rule); }
    QJsonArray toJson() const;

    // Latency rules add to *delayMs and let the request through; the first other matching rule
    // replaces the answer (returns true with *response filled).
    bool apply(Api api, const HttpRequest &request, HttpResponse *response, int *delayMs);

private:
    bool matches(const FaultRule &rule, Api api, const HttpRequest &request) const;
    static HttpResponse build(const FaultRule &rule, Api api, const HttpRequest &request);

    QList<FaultRule> m_rules;
    QRandomGenerator m_random;
};

} // namespace sandbox
