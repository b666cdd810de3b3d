#include "HealthCheck.h"

#include "SchemaRequirements.h"
#include "base/Clock.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"

#include <cstdlib>

namespace cc {

namespace {
void fillFromError(ServiceHealth &h, const ServiceError &e)
{
    // An HTTP answer of any kind proves the service is reachable.
    h.reachable = e.kind == ServiceError::Kind::Http || e.kind == ServiceError::Kind::Business;
    h.credentialsOk = false;
    h.message = e.toString();
}

// The key is right but lacks scopes: say which to add, and where. A key made in an Appwrite 1.8+
// console carries rows.* scopes, which the deprecated documents API this checker uses refuses.
QString missingScopesMessage(const QStringList &scopes)
{
    QString text =
        QStringLiteral("the Appwrite key lacks the scope%1 %2: add %3 to the key in the Appwrite "
                       "console (Overview → Integrations → API keys → Scopes)")
            .arg(scopes.size() == 1 ? QString() : QStringLiteral("s"), scopes.join(QStringLiteral(", ")),
                 scopes.size() == 1 ? QStringLiteral("it") : QStringLiteral("them"));
    if (scopes.contains(QStringLiteral("documents.read")) ||
        scopes.contains(QStringLiteral("documents.write")))
        text +=
            QStringLiteral("; this checker reads learners through the documents API, which needs "
                           "documents.read and documents.write even on Appwrite 1.8+ (rows.* scopes are not "
                           "enough there)");
    return text;
}

void fillChannel(ServiceHealth &h, ServiceChannel *channel)
{
    h.breakerState = CircuitBreaker::stateName(channel->breakerState());
    h.lastSuccess = channel->stats().lastSuccessAt;
}
} // namespace

HealthCheck::HealthCheck(AppwriteClient *appwrite, GraphyClient *graphy, const Clock *clock,
                         const EngineSettings &settings, QObject *parent)
    : QObject(parent), m_appwrite(appwrite), m_graphy(graphy), m_clock(clock), m_settings(settings)
{}

void HealthCheck::start()
{
    m_report = HealthReport();
    m_report.checkedAt = m_clock->now();
    m_report.appwrite.service = QStringLiteral("appwrite");
    m_report.graphy.service = QStringLiteral("graphy");
    m_pending = 2;
    checkAppwrite();
    checkGraphy();
}

void HealthCheck::checkAppwrite()
{
    const qint64 t0 = m_clock->monotonicMs();
    m_appwrite->version(this, [this, t0](const Result<QString> &r) {
        ServiceHealth &h = m_report.appwrite;
        h.checked = true;
        h.latencyMs = m_clock->monotonicMs() - t0;
        if (!r.ok()) {
            fillFromError(h, r.error());
            fillChannel(h, m_appwrite->channel());
            return done();
        }
        h.reachable = true;
        h.version = r.value();
        noteClockSkew();
        checkAppwriteKey();
    });
}

void HealthCheck::noteClockSkew()
{
    // Check times are written from this clock and every machine's runs filter on them.
    const ServiceChannel::Stats stats = m_appwrite->channel()->stats();
    if (!stats.hasServerClock || std::abs(stats.serverClockOffsetMs) <= kMaxClockSkewMs)
        return;
    const qint64 seconds = std::abs(stats.serverClockOffsetMs) / 1000;
    m_report.clockWarning =
        QStringLiteral("this machine's clock is %1 s %2 Appwrite's; check times are written no later than "
                       "Appwrite's time, but fix the clock (NTP)")
            .arg(seconds)
            .arg(stats.serverClockOffsetMs < 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"));
}

void HealthCheck::checkAppwriteKey()
{
    m_appwrite->listDocuments(m_settings.learnersCollection, {AppwriteQuery::limit(1)}, this,
                              [this](const Result<DocumentList> &r) {
                                  ServiceHealth &h = m_report.appwrite;
                                  if (!r.ok()) {
                                      h.credentialsOk = false;
                                      h.missingScopes = r.error().missingScopes();
                                      h.message =
                                          h.missingScopes.isEmpty()
                                              ? QStringLiteral("the key cannot read '%1': %2")
                                                    .arg(m_settings.learnersCollection, r.error().toString())
                                              : missingScopesMessage(h.missingScopes);
                                      fillChannel(h, m_appwrite->channel());
                                      return done();
                                  }
                                  h.credentialsOk = true;
                                  h.message = QStringLiteral("ok");
                                  checkSchema();
                              });
}

void HealthCheck::checkSchema()
{
    const QList<SchemaRequirements::Collection> wanted{SchemaRequirements::learners(m_settings),
                                                       SchemaRequirements::events(m_settings)};
    m_schemaPending.clear();
    for (const auto &c : wanted)
        m_schemaPending << c.id;
    m_report.schemaChecked = true;
    for (const auto &required : wanted) {
        m_appwrite->getCollection(required.id, this, [this, required](const Result<QJsonObject> &r) {
            if (r.ok()) {
                m_report.schemaProblems << SchemaRequirements::compare(required, r.value());
            } else {
                if (r.error().httpStatus == 401)
                    m_report.schemaChecked = false;
                m_report.schemaProblems << QStringLiteral("%1: cannot read the collection: %2")
                                               .arg(required.id, r.error().toString());
            }
            m_schemaPending.removeOne(required.id);
            if (m_schemaPending.isEmpty()) {
                fillChannel(m_report.appwrite, m_appwrite->channel());
                done();
            }
        });
    }
}

void HealthCheck::checkGraphy()
{
    const qint64 t0 = m_clock->monotonicMs();
    m_graphy->learnerByEmail(QStringLiteral("health-check@completion-checker.invalid"), this,
                             [this, t0](const Result<GraphyLearner> &r) {
                                 ServiceHealth &h = m_report.graphy;
                                 h.checked = true;
                                 h.latencyMs = m_clock->monotonicMs() - t0;
                                 if (r.ok()) {
                                     h.reachable = true;
                                     h.credentialsOk = true;
                                     h.version = r.value().apiVersion;
                                     h.apiMode = m_graphy->apiMode();
                                     h.degraded = m_graphy->v2Unavailable();
                                     h.message = h.degraded ? QStringLiteral("reachable, but on ") + h.apiMode
                                                            : QStringLiteral("ok");
                                 } else {
                                     fillFromError(h, r.error());
                                 }
                                 fillChannel(h, m_graphy->channel());
                                 done();
                             });
}

void HealthCheck::done()
{
    if (--m_pending != 0)
        return;
    if (!m_report.clockWarning.isEmpty()) { // shown where the operator looks: Appwrite's line
        ServiceHealth &h = m_report.appwrite;
        h.message = h.message == QLatin1String("ok")
                        ? m_report.clockWarning
                        : h.message + QStringLiteral("; ") + m_report.clockWarning;
    }
    emit finished(m_report);
}

} // namespace cc
