#include "ReportFormatter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cc {

namespace {
QString time(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonValue orNull(double v)
{
    return v < 0 ? QJsonValue() : QJsonValue(v);
}

QJsonObject serviceJson(const ServiceHealth &h)
{
    return {{QStringLiteral("checked"), h.checked},
            {QStringLiteral("endpoint"), h.endpoint},
            {QStringLiteral("reachable"), h.reachable},
            {QStringLiteral("credentialsOk"), h.credentialsOk},
            {QStringLiteral("latencyMs"), h.latencyMs < 0 ? QJsonValue() : QJsonValue(h.latencyMs)},
            {QStringLiteral("version"), h.version},
            {QStringLiteral("apiMode"), h.apiMode},
            {QStringLiteral("degraded"), h.degraded},
            {QStringLiteral("message"), h.message},
            {QStringLiteral("circuitBreaker"), h.breakerState},
            {QStringLiteral("pace"), h.pace}};
}

QString serviceText(const QString &label, const ServiceHealth &h)
{
    const QString state = !h.reachable       ? QStringLiteral("UNREACHABLE")
                          : !h.credentialsOk ? QStringLiteral("CREDENTIALS REFUSED")
                          : h.degraded       ? QStringLiteral("DEGRADED")
                                             : QStringLiteral("ok");
    QString line = QStringLiteral("%1: %2").arg(label, state);
    if (h.latencyMs >= 0)
        line += QStringLiteral(" · %1 ms").arg(h.latencyMs);
    if (!h.version.isEmpty())
        line += QStringLiteral(" · %1").arg(h.version);
    if (!h.apiMode.isEmpty() && h.apiMode != h.version) // Appwrite's family; Graphy's is its version
        line += QStringLiteral(" · %1").arg(h.apiMode);
    if (state != QLatin1String("ok") || h.message != QLatin1String("ok"))
        line += QStringLiteral("\n  ") + h.message;
    if (!h.pace.isEmpty())
        line += QStringLiteral("\n  pace: ") + h.pace;
    return line;
}
} // namespace

QString ReportFormatter::runText(const RunRecord &run)
{
    QString text =
        QStringLiteral("Run %1 (%2) %3 in %4 s: %5 processed · %6 completed · %7 already recorded · "
                       "%8 in progress · %9 not found · %10 errors")
            .arg(run.id)
            .arg(triggerName(run.trigger), runStateName(run.state))
            .arg(run.durationMs() / 1000.0, 0, 'f', 1)
            .arg(run.processed)
            .arg(run.completed)
            .arg(run.alreadyRecorded)
            .arg(run.inProgress)
            .arg(run.notFound)
            .arg(run.errors);
    if (run.total >= 0)
        text += QStringLiteral(" (enrolled at start: %1%2)")
                    .arg(run.total)
                    .arg(run.total >= 5000 ? QStringLiteral("+") : QString());
    if (!run.graphyPace.isEmpty())
        text += QStringLiteral("\npace at the end: Graphy %1 · Appwrite %2")
                    .arg(run.graphyPace, run.appwritePace);
    if (!run.endReason.isEmpty())
        text += QStringLiteral("\n") + run.endReason;
    return text;
}

QJsonObject ReportFormatter::runJson(const RunRecord &run)
{
    return {{QStringLiteral("id"), run.id},
            {QStringLiteral("trigger"), triggerName(run.trigger)},
            {QStringLiteral("state"), runStateName(run.state)},
            {QStringLiteral("startedAt"), time(run.startedAt)},
            {QStringLiteral("finishedAt"), time(run.finishedAt)},
            {QStringLiteral("durationMs"), run.durationMs()},
            {QStringLiteral("batchSize"), run.batchSize},
            {QStringLiteral("totalEnrolled"), run.total < 0 ? QJsonValue() : QJsonValue(run.total)},
            {QStringLiteral("processed"), run.processed},
            {QStringLiteral("completed"), run.completed},
            {QStringLiteral("alreadyRecorded"), run.alreadyRecorded},
            {QStringLiteral("inProgress"), run.inProgress},
            {QStringLiteral("notFound"), run.notFound},
            {QStringLiteral("errors"), run.errors},
            {QStringLiteral("partial"), run.state == RunState::Partial},
            {QStringLiteral("endReason"), run.endReason},
            {QStringLiteral("serviceUnavailable"), run.serviceUnavailable},
            {QStringLiteral("pace"), QJsonObject{{QStringLiteral("graphy"), run.graphyPace},
                                                 {QStringLiteral("appwrite"), run.appwritePace}}}};
}

QJsonObject ReportFormatter::checkJson(const CheckResult &r)
{
    return {{QStringLiteral("learnerId"), r.learnerId},
            {QStringLiteral("email"), r.email},
            {QStringLiteral("courseId"), r.courseId},
            {QStringLiteral("outcome"), outcomeName(r.outcome)},
            {QStringLiteral("progress"), orNull(r.progress)},
            {QStringLiteral("itemsTotal"), orNull(r.itemsTotal)},
            {QStringLiteral("itemsCompleted"), orNull(r.itemsCompleted)},
            {QStringLiteral("detail"), r.detail},
            {QStringLiteral("checkedAt"), time(r.checkedAt)},
            {QStringLiteral("dryRun"), r.dryRun}};
}

QJsonObject ReportFormatter::errorJson(const ErrorEntry &e)
{
    return {{QStringLiteral("at"), time(e.at)},         {QStringLiteral("runId"), e.runId},
            {QStringLiteral("learnerId"), e.learnerId}, {QStringLiteral("service"), e.service},
            {QStringLiteral("operation"), e.operation}, {QStringLiteral("httpStatus"), e.httpStatus},
            {QStringLiteral("type"), e.errorType},      {QStringLiteral("message"), e.message}};
}

QString ReportFormatter::errorText(const ErrorEntry &e)
{
    QString text = QStringLiteral("%1 %2").arg(e.service, e.operation);
    if (e.httpStatus > 0)
        text += QStringLiteral(" HTTP %1").arg(e.httpStatus);
    text += QStringLiteral(" %1: %2").arg(e.errorType, e.message);
    if (!e.learnerId.isEmpty())
        text += QStringLiteral(" [learner %1]").arg(e.learnerId);
    return text;
}

QString ReportFormatter::healthText(const HealthReport &report)
{
    QStringList lines{serviceText(QStringLiteral("Appwrite"), report.appwrite),
                      serviceText(QStringLiteral("Graphy"), report.graphy)};
    if (!report.schemaChecked && report.schemaProblems.isEmpty())
        lines << (report.schemaNotCheckedReason.isEmpty()
                      ? QStringLiteral("Schema: not checked")
                      : QStringLiteral("Schema: not checked, because %1").arg(report.schemaNotCheckedReason));
    else if (report.schemaProblems.isEmpty())
        lines << QStringLiteral("Schema: ok");
    else
        lines << QStringLiteral("Schema: %1 problem(s)\n  - %2")
                     .arg(report.schemaProblems.size())
                     .arg(report.schemaProblems.join(QStringLiteral("\n  - ")));
    return lines.join(QLatin1Char('\n'));
}

QJsonObject ReportFormatter::healthJson(const HealthReport &report)
{
    return {{QStringLiteral("ok"), report.ok()},
            {QStringLiteral("checkedAt"), time(report.checkedAt)},
            {QStringLiteral("appwrite"), serviceJson(report.appwrite)},
            {QStringLiteral("graphy"), serviceJson(report.graphy)},
            {QStringLiteral("schema"),
             QJsonObject{{QStringLiteral("checked"), report.schemaChecked},
                         {QStringLiteral("notCheckedBecause"), report.schemaNotCheckedReason},
                         {QStringLiteral("problems"), QJsonArray::fromStringList(report.schemaProblems)}}}};
}

QString ReportFormatter::schemaText(const SchemaProvisionReport &report)
{
    using Mode = SchemaProvisionReport::Mode;
    using State = SchemaProvisionReport::Action::State;
    const QString what = report.mode == Mode::Verify   ? QStringLiteral("Schema verification")
                         : report.mode == Mode::DryRun ? QStringLiteral("Schema provisioning (dry run)")
                                                       : QStringLiteral("Schema provisioning");
    QStringList lines{QStringLiteral("%1 on %2%3, database '%4':")
                          .arg(what, report.api.isEmpty() ? QStringLiteral("Appwrite") : report.api,
                               report.serverVersion.isEmpty()
                                   ? QString()
                                   : QStringLiteral(" (Appwrite %1)").arg(report.serverVersion),
                               report.databaseId)};
    lines << report.lines();
    if (!report.error.isEmpty())
        lines << QStringLiteral("STOPPED: ") + report.error;
    QString result = QStringLiteral("Result: %1").arg(report.summary());
    if (report.mode == Mode::Verify)
        result += report.ok()
                      ? QStringLiteral(". The schema is complete.")
                      : QStringLiteral(". The schema is NOT complete: --provision-schema creates what is "
                                       "missing; problems must be fixed in the Appwrite console.");
    else if (report.mode == Mode::DryRun)
        result += QStringLiteral(". Nothing was created (dry run).");
    else if (report.count(State::Problem) > 0)
        result += QStringLiteral(". Problems are left as they are: fix them in the Appwrite console.");
    else
        result += QLatin1Char('.');
    lines << result;
    return lines.join(QLatin1Char('\n'));
}

QJsonObject ReportFormatter::schemaJson(const SchemaProvisionReport &report)
{
    QJsonArray collections;
    for (const SchemaProvisionReport::Collection &c : report.collections) {
        QJsonArray actions;
        for (const SchemaProvisionReport::Action &a : c.actions) {
            QJsonObject o{{QStringLiteral("kind"), report.kindWord(a.kind)},
                          {QStringLiteral("key"), a.key},
                          {QStringLiteral("spec"), a.spec},
                          {QStringLiteral("state"), SchemaProvisionReport::stateName(a.state)}};
            if (!a.problem.isEmpty())
                o.insert(QStringLiteral("problem"), a.problem);
            actions.append(o);
        }
        collections.append(QJsonObject{{QStringLiteral("id"), c.id},
                                       {QStringLiteral("name"), c.name},
                                       {QStringLiteral("actions"), actions}});
    }
    QJsonObject o{{QStringLiteral("ok"), report.ok()},
                  {QStringLiteral("mode"), SchemaProvisionReport::modeName(report.mode)},
                  {QStringLiteral("api"), report.api},
                  {QStringLiteral("serverVersion"), report.serverVersion},
                  {QStringLiteral("databaseId"), report.databaseId},
                  {QStringLiteral("collections"), collections},
                  {QStringLiteral("summary"), report.summary()}};
    if (!report.error.isEmpty()) {
        o.insert(QStringLiteral("error"), report.error);
        o.insert(QStringLiteral("serviceFailure"), report.serviceFailure);
    }
    if (!report.missingScopes.isEmpty())
        o.insert(QStringLiteral("missingScopes"), QJsonArray::fromStringList(report.missingScopes));
    return o;
}

QString ReportFormatter::singleCheckText(const SingleCheckReport &report)
{
    if (!report.error.isEmpty())
        return QStringLiteral("Check of %1 failed: %2").arg(report.query, report.error);
    QStringList lines;
    for (const auto &entry : report.entries) {
        const CheckResult &r = entry.result;
        lines << QStringLiteral("%1 <%2> course %3: %4 — %5")
                     .arg(r.learnerId, r.email, r.courseId, outcomeName(r.outcome), r.detail);
        if (!entry.confirmationNeeded.isEmpty())
            lines << QStringLiteral("  held back (%1); to certify anyway: --check %2 --certify-not-enrolled")
                         .arg(entry.confirmationNeeded, r.learnerId);
        if ((report.dryRun || !entry.confirmationNeeded.isEmpty()) && !entry.writes.isEmpty())
            lines << QStringLiteral("  %1: ").arg(report.dryRun
                                                      ? QStringLiteral("dry run, would write")
                                                      : QStringLiteral("would write if confirmed")) +
                         QString::fromUtf8(QJsonDocument(entry.writes).toJson(QJsonDocument::Compact));
    }
    return lines.join(QLatin1Char('\n'));
}

QJsonObject ReportFormatter::singleCheckJson(const SingleCheckReport &report)
{
    QJsonArray entries;
    for (const auto &entry : report.entries) {
        QJsonObject o = checkJson(entry.result);
        o.insert(QStringLiteral("graphyCourse"), entry.graphyCourse);
        o.insert(QStringLiteral("writes"), entry.writes);
        if (!entry.confirmationNeeded.isEmpty())
            o.insert(QStringLiteral("confirmationNeeded"), entry.confirmationNeeded);
        entries.append(o);
    }
    return {{QStringLiteral("query"), report.query},
            {QStringLiteral("dryRun"), report.dryRun},
            {QStringLiteral("error"), report.error.isEmpty() ? QJsonValue() : QJsonValue(report.error)},
            {QStringLiteral("learners"), entries}};
}

} // namespace cc
