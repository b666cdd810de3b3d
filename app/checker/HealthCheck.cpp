#include "HealthCheck.h"

#include "net/SecretRedactor.h"

#include "SchemaRequirements.h"
#include "base/Clock.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"

#include <cstdlib>

namespace cc {

namespace {
// An HTTP answer of any kind proves the service is reachable; a 5xx, a timeout or no answer does not.
bool answered(const ServiceError &e)
{
    return (e.kind == ServiceError::Kind::Http && e.httpStatus < 500) ||
           e.kind == ServiceError::Kind::Business;
}

void fillFromError(ServiceHealth &h, const ServiceError &e)
{
    h.reachable = answered(e);
    h.credentialsOk = false;
    h.message = e.toString();
}

// Latency is shown only for a request the service answered: the time to "connection refused" is not
// the service's latency.
void noteLatency(ServiceHealth &h, bool wasAnswered, qint64 elapsedMs)
{
    h.latencyMs = wasAnswered ? elapsedMs : -1;
}

// The key is right but lacks scopes: say which to add, and where. Appwrite lists the scopes the
// route accepts (any one will do: TablesDB takes rows.read or documents.read), so the advice names
// the family's own scopes, all of those a run needs.
QString missingScopesMessage(const QStringList &scopes, const AppwriteFamily &family, AppwriteApi preference)
{
    QString text = QStringLiteral("the Appwrite key lacks the scope %1 (Appwrite asks for %2): in the "
                                  "Appwrite console (Overview → Integrations → API keys → Scopes) grant %3, "
                                  "what the checker needs on the %4")
                       .arg(scopes.first(), scopes.join(QStringLiteral(" or ")),
                            family.runScopes().join(QStringLiteral(", ")), QLatin1String(family.title));
    if (family.api == AppwriteApi::Documents && preference == AppwriteApi::Documents &&
        AppwriteFamily::onlyDeprecatedScopes(scopes))
        text += QStringLiteral(
            "; or set APPWRITE_API=auto: TablesDB (Appwrite 1.8+) accepts the rows.* scopes of a key made "
            "today, the deprecated documents API does not");
    return text;
}

// 404 collection_not_found / table_not_found: a new database, not a refused key.
bool isContainerMissing(const ServiceError &e)
{
    return e.kind == ServiceError::Kind::Http && e.httpStatus == 404 &&
           (e.type == QLatin1String("collection_not_found") || e.type == QLatin1String("table_not_found"));
}

void fillChannel(ServiceHealth &h, ServiceChannel *channel)
{
    h.breakerState = CircuitBreaker::stateName(channel->breakerState());
    h.lastSuccess = channel->stats().lastSuccessAt;
    h.pace = channel->paceDescription();
}
} // namespace

HealthCheck::HealthCheck(AppwriteClient *appwrite, GraphyClient *graphy, const Clock *clock,
                         const EngineSettings &settings, QObject *parent)
    : QObject(parent), m_appwrite(appwrite), m_graphy(graphy), m_clock(clock), m_settings(settings)
{}

void HealthCheck::setReportedChannels(ServiceChannel *appwrite, ServiceChannel *graphy)
{
    m_reportedAppwrite = appwrite;
    m_reportedGraphy = graphy;
}

ServiceChannel *HealthCheck::shownAppwriteChannel() const
{
    return m_reportedAppwrite ? m_reportedAppwrite : m_appwrite->channel();
}

ServiceChannel *HealthCheck::shownGraphyChannel() const
{
    return m_reportedGraphy ? m_reportedGraphy : m_graphy->channel();
}

void HealthCheck::start()
{
    m_report = HealthReport();
    m_report.checkedAt = m_clock->now();
    m_report.appwrite.service = QStringLiteral("appwrite");
    m_report.graphy.service = QStringLiteral("graphy");
    m_report.appwrite.endpoint = SecretRedactor::redactUrl(m_settings.appwrite.endpoint);
    m_report.graphy.endpoint = SecretRedactor::redactUrl(m_settings.graphy.apiBase);
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
        noteLatency(h, r.ok() || answered(r.error()), m_clock->monotonicMs() - t0);
        if (!r.ok()) {
            fillFromError(h, r.error());
            m_report.schemaNotCheckedReason =
                (answered(r.error()) ? QStringLiteral("Appwrite refused the version check: %1")
                                     : QStringLiteral("Appwrite did not answer: %1"))
                    .arg(r.error().toString());
            fillChannel(h, shownAppwriteChannel());
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
    m_appwrite->listDocuments(
        m_settings.learnersCollection, {AppwriteQuery::limit(1)}, this,
        [this](const Result<DocumentList> &r) {
            ServiceHealth &h = m_report.appwrite;
            if (!r.ok() && isContainerMissing(r.error())) {
                // The key reached the database; what is missing is schema,
                // which the schema check names (and provisioning creates).
                h.credentialsOk = true;
                h.message = QStringLiteral("ok");
                return checkSchema();
            }
            if (!r.ok() && !answered(r.error())) {
                // It answered the version, then not this: an outage, not the
                // key. Say what happened; the key and schema are unknown.
                h.reachable = false;
                h.credentialsOk = false;
                h.message = QStringLiteral("could not check the key: %1").arg(r.error().toString());
                m_report.schemaNotCheckedReason =
                    QStringLiteral("Appwrite did not answer: %1").arg(r.error().toString());
                fillChannel(h, shownAppwriteChannel());
                return done();
            }
            if (!r.ok()) {
                h.credentialsOk = false;
                m_report.schemaNotCheckedReason = QStringLiteral("the key cannot read the database");
                h.missingScopes = r.error().missingScopes();
                h.message = h.missingScopes.isEmpty()
                                ? QStringLiteral("the key cannot read '%1': %2")
                                      .arg(m_settings.learnersCollection, r.error().toString())
                                : missingScopesMessage(h.missingScopes, m_appwrite->family(),
                                                       m_settings.appwrite.api);
                fillChannel(h, shownAppwriteChannel());
                return done();
            }
            h.credentialsOk = true;
            h.message = QStringLiteral("ok");
            checkSchema();
        });
}

void HealthCheck::checkSchema()
{
    const QList<SchemaRequirements::Collection> wanted = SchemaRequirements::all(m_settings);
    m_schemaPending.clear();
    for (const auto &c : wanted)
        m_schemaPending << c.id;
    m_report.schemaChecked = true;
    for (const auto &required : wanted) {
        m_appwrite->getCollection(required.id, this, [this, required](const Result<QJsonObject> &r) {
            if (r.ok()) {
                m_report.schemaProblems
                    << SchemaRequirements::compare(required, r.value(), m_appwrite->family());
            } else if (!answered(r.error())) {
                // An outage says nothing about the schema: not checked, and why; no problem listed.
                m_report.schemaChecked = false;
                m_report.schemaNotCheckedReason =
                    QStringLiteral("Appwrite did not answer: %1").arg(r.error().toString());
            } else {
                if (r.error().httpStatus == 401) {
                    m_report.schemaChecked = false;
                    m_report.schemaNotCheckedReason = QStringLiteral("the key cannot read the schema");
                }
                const QString container = QLatin1String(m_appwrite->family().container);
                m_report.schemaProblems
                    << (isContainerMissing(r.error())
                            ? QStringLiteral("%1: the %2 is missing").arg(required.id, container)
                            : QStringLiteral("%1: cannot read the %2: %3")
                                  .arg(required.id, container, r.error().toString()));
            }
            m_schemaPending.removeOne(required.id);
            if (m_schemaPending.isEmpty()) {
                fillChannel(m_report.appwrite, shownAppwriteChannel());
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
                                 noteLatency(h, r.ok() || answered(r.error()), m_clock->monotonicMs() - t0);
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
                                 fillChannel(h, shownGraphyChannel());
                                 done();
                             });
}

void HealthCheck::done()
{
    if (--m_pending != 0)
        return;
    m_report.appwrite.apiMode = m_appwrite->familySelector().description();
    if (!m_report.clockWarning.isEmpty()) { // shown where the operator looks: Appwrite's line
        ServiceHealth &h = m_report.appwrite;
        h.message = h.message == QLatin1String("ok")
                        ? m_report.clockWarning
                        : h.message + QStringLiteral("; ") + m_report.clockWarning;
    }
    emit finished(m_report);
}

} // namespace cc
