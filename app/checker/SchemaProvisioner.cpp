#include "SchemaProvisioner.h"

#include "base/Clock.h"
#include "net/AppwriteClient.h"

#include <QTimer>

#include <algorithm>

namespace cc {

namespace {
using State = SchemaPlan::Action::State;
using Kind = SchemaPlan::Action::Kind;

// A refusal of one part (400 invalid, limit exceeded) is that part's problem and the rest goes on;
// anything that says the service or the key cannot be used stops: going on would only fail again.
bool stopsProvisioning(const ServiceError &e)
{
    return e.kind != ServiceError::Kind::Http || e.isAuthFailure() || e.isTransient();
}

bool isContainerMissing(const ServiceError &e)
{
    return e.kind == ServiceError::Kind::Http && e.httpStatus == 404 &&
           (e.type == QLatin1String("collection_not_found") || e.type == QLatin1String("table_not_found"));
}

QString plural(int n, const QString &word)
{
    return QStringLiteral("%1 %2%3").arg(n).arg(word, n == 1 ? QString() : QStringLiteral("s"));
}
} // namespace

SchemaProvisioner::SchemaProvisioner(AppwriteClient *appwrite, const Clock *clock,
                                     const EngineSettings &settings, Mode mode, const Options &options,
                                     QObject *parent)
    : QObject(parent), m_appwrite(appwrite), m_clock(clock), m_settings(settings), m_mode(mode),
      m_options(options), m_required(SchemaRequirements::all(settings))
{
    m_report.mode = mode;
    m_report.databaseId = settings.appwrite.databaseId;
}

SchemaProvisioner::SchemaProvisioner(AppwriteClient *appwrite, const Clock *clock,
                                     const EngineSettings &settings, Mode mode, QObject *parent)
    : SchemaProvisioner(appwrite, clock, settings, mode, Options(), parent)
{}

void SchemaProvisioner::start()
{
    // The version first: it settles the API family on `auto` and the name of the text kind
    // ("varchar" on TablesDB 1.9) before anything is read or created.
    m_appwrite->version(this, [this](const Result<QString> &r) {
        if (!r.ok())
            return stop(QStringLiteral("could not reach Appwrite (GET /health/version)"), r.error());
        m_report.serverVersion = r.value();
        nextCollection();
    });
}

void SchemaProvisioner::nextCollection()
{
    if (++m_current >= m_required.size())
        return finish();
    m_steps.clear();
    m_report.collections.append({required().id, required().name, {}});
    const QString id = required().id;
    m_appwrite->getCollection(id, this, [this](const Result<QJsonObject> &r) {
        if (stopped())
            return;
        if (r.ok())
            return planCollection(r.value());
        if (isContainerMissing(r.error()))
            return planCollection(std::nullopt);
        const QString container = QLatin1String(m_appwrite->family().container);
        if (r.error().type == QLatin1String("database_not_found"))
            return stop(
                QStringLiteral("the database '%1' does not exist (create it in the Appwrite console, or "
                               "set APPWRITE_DATABASE_ID to the one that holds the %2s)")
                    .arg(m_settings.appwrite.databaseId, container),
                r.error());
        stop(QStringLiteral("could not read the %1 '%2'").arg(container, required().id), r.error());
    });
}

void SchemaProvisioner::planCollection(const std::optional<QJsonObject> &existing)
{
    m_steps = SchemaPlan::make(required(), existing, m_appwrite->family(), m_report.serverVersion, m_mode);
    if (m_mode != Mode::Provision)
        return endCollection();
    if (m_steps.first().toCreate())
        return createContainer();
    createField(1);
}

void SchemaProvisioner::createContainer()
{
    m_appwrite->createCollection(
        required().id, required().name, this, [this](const Result<CreateOutcome> &r) {
            if (stopped())
                return;
            if (!r.ok())
                return stop(QStringLiteral("could not create %1").arg(where(m_steps.first())), r.error());
            m_steps.first().action.state = r.value().created ? State::Created : State::AlreadyThere;
            createField(1);
        });
}

bool SchemaProvisioner::noteCreate(int index, const Result<CreateOutcome> &r)
{
    SchemaPlan::Step &step = m_steps[index];
    if (!r.ok()) {
        if (stopsProvisioning(r.error())) {
            stop(QStringLiteral("could not create %1").arg(where(step)), r.error());
            return false;
        }
        step.action.state = State::Problem;
        step.action.problem = QStringLiteral("Appwrite refused to create it: %1").arg(r.error().message);
        return true;
    }
    // 409 "already exists": there by now (another provisioning, the console); wait for it too.
    step.action.state = r.value().created ? State::Created : State::AlreadyThere;
    step.awaitAvailable =
        r.value().document.value(QStringLiteral("status")).toString() != QLatin1String("available");
    return true;
}

void SchemaProvisioner::createField(int from)
{
    int i = from;
    while (i < m_steps.size() && !(m_steps[i].action.kind == Kind::Field && m_steps[i].toCreate()))
        ++i;
    if (i >= m_steps.size())
        return awaitAvailable(Phase::Fields);
    const SchemaPlan::Step &step = m_steps[i];
    m_appwrite->createAttribute(required().id, step.fieldKind, step.fieldBody, this,
                                [this, i](const Result<CreateOutcome> &r) {
                                    if (!stopped() && noteCreate(i, r))
                                        createField(i + 1);
                                });
}

QString SchemaProvisioner::indexBlocker(const SchemaPlan::Step &step) const
{
    for (const QString &field : step.indexFields) {
        const auto it = std::find_if(m_steps.cbegin(), m_steps.cend(), [&](const SchemaPlan::Step &s) {
            return s.action.kind == Kind::Field && s.action.key == field;
        });
        if (it == m_steps.cend() || it->action.state == State::Problem || it->toCreate() ||
            it->awaitAvailable)
            return QStringLiteral("not created: its %1 '%2' is not available")
                .arg(QLatin1String(m_appwrite->family().field), field);
    }
    return {};
}

void SchemaProvisioner::createIndex(int from)
{
    int i = from;
    while (i < m_steps.size() && !(m_steps[i].action.kind == Kind::Index && m_steps[i].toCreate()))
        ++i;
    if (i >= m_steps.size())
        return awaitAvailable(Phase::Indexes);
    SchemaPlan::Step &step = m_steps[i];
    const QString blocker = indexBlocker(step);
    if (!blocker.isEmpty()) {
        step.action.state = State::Problem;
        step.action.problem = blocker;
        return createIndex(i + 1);
    }
    m_appwrite->createIndex(required().id, step.action.key, step.indexType, step.indexFields, this,
                            [this, i](const Result<CreateOutcome> &r) {
                                if (!stopped() && noteCreate(i, r))
                                    createIndex(i + 1);
                            });
}

void SchemaProvisioner::awaitAvailable(Phase phase)
{
    const Kind kind = phase == Phase::Fields ? Kind::Field : Kind::Index;
    const bool waiting = std::any_of(m_steps.cbegin(), m_steps.cend(), [kind](const SchemaPlan::Step &s) {
        return s.action.kind == kind && s.awaitAvailable;
    });
    if (!waiting)
        return phaseDone(phase);
    if (m_waitStartedMs < 0)
        m_waitStartedMs = m_clock->monotonicMs();
    m_pollDelayMs = m_options.firstPollMs;
    QTimer::singleShot(m_pollDelayMs, this, [this, phase] { pollRound(phase); });
}

void SchemaProvisioner::pollRound(Phase phase)
{
    if (stopped())
        return;
    const Kind kind = phase == Phase::Fields ? Kind::Field : Kind::Index;
    QList<int> waiting;
    for (int i = 0; i < m_steps.size(); ++i) {
        if (m_steps[i].action.kind == kind && m_steps[i].awaitAvailable)
            waiting << i;
    }
    m_pendingPolls = int(waiting.size());
    for (int i : waiting) {
        auto answered = [this, phase, i](const Result<QJsonObject> &r) { pollAnswered(phase, i, r); };
        if (phase == Phase::Fields)
            m_appwrite->getAttribute(required().id, m_steps[i].action.key, this, answered);
        else
            m_appwrite->getIndex(required().id, m_steps[i].action.key, this, answered);
    }
}

void SchemaProvisioner::pollAnswered(Phase phase, int index, const Result<QJsonObject> &r)
{
    if (stopped())
        return;
    SchemaPlan::Step &step = m_steps[index];
    if (!r.ok()) {
        if (stopsProvisioning(r.error()))
            return stop(QStringLiteral("could not read %1").arg(where(step)), r.error());
        step.awaitAvailable = false;
        step.action.state = State::Problem;
        step.action.problem = QStringLiteral("could not be read back: %1").arg(r.error().message);
    } else {
        const QString status = r.value().value(QStringLiteral("status")).toString();
        m_lastStatus.insert(index, status);
        if (status == QLatin1String("available")) {
            step.awaitAvailable = false;
        } else if (SchemaPlan::isBroken(status)) {
            step.awaitAvailable = false;
            step.action.state = State::Problem;
            step.action.problem = SchemaPlan::brokenText(r.value()) +
                                  QStringLiteral("; left as it is (delete it in the Appwrite console, then "
                                                 "provision again)");
        }
    }
    if (--m_pendingPolls > 0)
        return;
    const Kind kind = phase == Phase::Fields ? Kind::Field : Kind::Index;
    const bool waiting = std::any_of(m_steps.cbegin(), m_steps.cend(), [kind](const SchemaPlan::Step &s) {
        return s.action.kind == kind && s.awaitAvailable;
    });
    if (!waiting)
        return phaseDone(phase);
    const qint64 waited = m_clock->monotonicMs() - m_waitStartedMs;
    if (waited >= m_options.maxWaitMs) {
        for (int i = 0; i < m_steps.size(); ++i) {
            SchemaPlan::Step &s = m_steps[i];
            if (s.action.kind != kind || !s.awaitAvailable)
                continue;
            s.awaitAvailable = false;
            s.action.state = State::Problem;
            s.action.problem = QStringLiteral("still '%1' after %2 s of waiting: Appwrite has not finished "
                                              "building it; provision again later (nothing is created twice)")
                                   .arg(m_lastStatus.value(i, QStringLiteral("processing")))
                                   .arg(waited / 1000);
        }
        return phaseDone(phase);
    }
    m_pollDelayMs = std::min(m_pollDelayMs * 2, m_options.maxPollMs);
    QTimer::singleShot(m_pollDelayMs, this, [this, phase] { pollRound(phase); });
}

void SchemaProvisioner::phaseDone(Phase phase)
{
    if (phase == Phase::Fields)
        return createIndex(1);
    endCollection();
}

void SchemaProvisioner::endCollection()
{
    SchemaProvisionReport::Collection &c = m_report.collections.last();
    c.actions.clear();
    for (const SchemaPlan::Step &s : std::as_const(m_steps))
        c.actions << s.action;
    nextCollection();
}

QString SchemaProvisioner::where(const SchemaPlan::Step &step) const
{
    const AppwriteFamily &f = m_appwrite->family();
    const QString container = QStringLiteral("%1 '%2'").arg(QLatin1String(f.container), required().id);
    if (step.action.kind == Kind::Container)
        return QStringLiteral("the ") + container;
    return QStringLiteral("%1 '%2' of %3")
        .arg(step.action.kind == Kind::Index ? QStringLiteral("the index")
                                             : QStringLiteral("the ") + QLatin1String(f.field),
             step.action.key, container);
}

QString SchemaProvisioner::doneSoFar() const
{
    const AppwriteFamily &f = m_appwrite->family();
    int containers = 0, fields = 0, indexes = 0;
    auto count = [&](const QList<SchemaPlan::Action> &actions) {
        for (const SchemaPlan::Action &a : actions) {
            if (a.state != State::Created)
                continue;
            (a.kind == Kind::Container ? containers : a.kind == Kind::Field ? fields : indexes) += 1;
        }
    };
    for (const SchemaProvisionReport::Collection &c : m_report.collections)
        count(c.actions);
    QStringList parts;
    if (containers > 0)
        parts << plural(containers, QLatin1String(f.container));
    if (fields > 0)
        parts << plural(fields, QLatin1String(f.field));
    if (indexes > 0)
        parts << (indexes == 1 ? QStringLiteral("1 index") : QStringLiteral("%1 indexes").arg(indexes));
    if (parts.isEmpty())
        return QStringLiteral("Nothing was created or changed.");
    return QStringLiteral("Created before it stopped: %1; nothing else was changed.")
        .arg(parts.join(QStringLiteral(", ")));
}

void SchemaProvisioner::stop(const QString &doing, const ServiceError &error)
{
    if (stopped())
        return;
    // What is known goes into the report first, so "what was done" counts this collection too.
    if (m_current >= 0 && m_current < m_report.collections.size()) {
        SchemaProvisionReport::Collection &c = m_report.collections[m_current];
        c.actions.clear();
        for (const SchemaPlan::Step &s : std::as_const(m_steps))
            c.actions << s.action;
    }
    m_report.serviceFailure = stopsProvisioning(error);
    m_report.missingScopes = error.missingScopes();
    const AppwriteFamily &f = m_appwrite->family();
    QString why = error.toString();
    if (!m_report.missingScopes.isEmpty() || error.type == QLatin1String("general_unauthorized_scope")) {
        const QStringList asked = m_report.missingScopes;
        why =
            QStringLiteral(
                "the Appwrite key lacks %1. In the Appwrite console (Overview → Integrations → API "
                "keys → Scopes) grant %2 for provisioning through %3, beside what the checker "
                "needs (%4)")
                .arg(asked.isEmpty() ? QStringLiteral("a scope")
                                     : QStringLiteral("the scope %1").arg(asked.join(QStringLiteral(" or "))),
                     f.provisioningScopes().join(QStringLiteral(", ")),
                     f.api == AppwriteApi::Documents ? QStringLiteral("the documents API")
                                                     : QStringLiteral("TablesDB"),
                     f.runScopes().join(QStringLiteral(", ")));
    }
    while (why.endsWith(QLatin1Char('.')))
        why.chop(1);
    m_report.error = QStringLiteral("%1: %2. %3").arg(doing, why, doneSoFar());
    finish();
}

void SchemaProvisioner::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    const AppwriteFamily &f = m_appwrite->family();
    m_report.api = QLatin1String(f.title);
    m_report.containerWord = QLatin1String(f.container);
    m_report.fieldWord = QLatin1String(f.field);
    emit finished(m_report);
}

} // namespace cc
