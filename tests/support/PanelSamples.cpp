#include "support/PanelSamples.h"

namespace samples {

cc::RunRecord run(qint64 id, const QDateTime &startedAt, cc::RunState state, int processed, int completed,
                  int errors)
{
    cc::RunRecord r;
    r.id = id;
    r.trigger = cc::RunTrigger::Schedule;
    r.state = state;
    r.startedAt = startedAt;
    r.finishedAt = state == cc::RunState::Running ? QDateTime() : startedAt.addMSecs(40000 + processed * 150);
    r.batchSize = 50;
    r.total = processed + 20;
    r.processed = processed;
    r.completed = completed;
    r.alreadyRecorded = completed / 4;
    r.notFound = processed / 40;
    r.errors = errors;
    r.inProgress = std::max(0, processed - r.completed - r.alreadyRecorded - r.notFound - errors);
    return r;
}

QList<cc::RunRecord> runs(int count, const QDateTime &newest)
{
    QList<cc::RunRecord> list;
    for (int i = 0; i < count; ++i) {
        const QDateTime at = newest.addSecs(-15 * 60 * i);
        const int processed = 400 + (i * 37) % 160;
        const int completed = 3 + (i * 7) % 11;
        int errors = (i % 5 == 2) ? 6 + i % 4 : i % 3;
        cc::RunState state = cc::RunState::Finished;
        QString reason;
        if (i == 3) {
            state = cc::RunState::Partial;
            reason = QStringLiteral("run deadline of 300 s reached");
        } else if (i == 7) {
            state = cc::RunState::Skipped;
            reason = QStringLiteral("a run was still in progress");
        } else if (i == 11) {
            state = cc::RunState::Failed;
            reason = QStringLiteral("appwrite: could not list learners (HTTP 503)");
            errors = 1;
        }
        cc::RunRecord r = run(count - i, at, state, processed, completed, errors);
        if (state == cc::RunState::Skipped || state == cc::RunState::Failed) {
            r.processed = r.completed = r.alreadyRecorded = r.inProgress = r.notFound = 0;
            r.finishedAt = at.addSecs(state == cc::RunState::Failed ? 2 : 0);
        }
        if (i % 6 == 1)
            r.trigger = cc::RunTrigger::Manual;
        r.endReason = reason;
        list << r;
    }
    return list;
}

cc::ErrorEntry error(qint64 id, const QDateTime &at, const QString &service, const QString &errorType,
                     const QString &learnerId, int httpStatus)
{
    cc::ErrorEntry e;
    e.id = id;
    e.at = at;
    e.runId = 20;
    e.learnerId = learnerId;
    e.service = service;
    e.errorType = errorType;
    e.httpStatus = httpStatus;
    if (service == QLatin1String("graphy")) {
        e.operation = QStringLiteral("learnerByEmail");
        e.message = httpStatus > 0 ? QStringLiteral("Graphy answered HTTP %1 (%2) after 2 attempts")
                                         .arg(httpStatus)
                                         .arg(errorType)
                                   : QStringLiteral("Graphy did not answer within 30 s (2 attempts)");
        e.detail =
            QStringLiteral(
                "GET "
                "/public/v2/"
                "learners?mid=[redacted]&key=[redacted]&courseInfo=true&limit=1&query=%7B%22email%22%3A%22"
                "%1%40example.com%22%7D\n\nHTTP %2\n{\"status\":\"error\",\"message\":\"Internal error\"}")
                .arg(learnerId)
                .arg(httpStatus);
    } else {
        e.operation = QStringLiteral("updateLearner");
        e.message =
            QStringLiteral("Invalid document structure: Unknown attribute: \"last_completion_check\"");
        e.detail =
            QStringLiteral(
                "PATCH /v1/databases/main/collections/learners/documents/%1\nX-Appwrite-Key: [redacted]\n\n"
                "HTTP %2\n{\"message\":\"Invalid document structure: Unknown attribute: "
                "\\\"last_completion_check\\\"\",\"code\":400,\"type\":\"document_invalid_structure\"}")
                .arg(learnerId)
                .arg(httpStatus);
    }
    return e;
}

QList<cc::ErrorEntry> errors(int count, const QDateTime &newest)
{
    QList<cc::ErrorEntry> list;
    for (int i = 0; i < count; ++i) {
        const QDateTime at = newest.addSecs(-97 * i);
        const QString learner = QStringLiteral("learner-%1").arg(100 + (i * 7) % 23, 4, 10, QLatin1Char('0'));
        const int slot = i % 6; // causes interleaved over time: 3 of 6, 2 of 6, 1 of 6
        if (slot < 3)
            list << error(count - i, at, QStringLiteral("graphy"), QStringLiteral("general_server_error"),
                          learner, 500);
        else if (slot < 5)
            list << error(count - i, at, QStringLiteral("appwrite"),
                          QStringLiteral("document_invalid_structure"), learner, 400);
        else
            list << error(count - i, at, QStringLiteral("graphy"), QStringLiteral("timeout"), learner, 0);
    }
    return list;
}

cc::HealthReport healthyHealth(const QDateTime &at)
{
    cc::HealthReport h;
    h.checkedAt = at;
    h.appwrite = {QStringLiteral("appwrite"),
                  QStringLiteral("https://cloud.appwrite.io/v1"),
                  true,
                  true,
                  true,
                  84,
                  QStringLiteral("1.5.7"),
                  QStringLiteral("ok"),
                  QStringLiteral("closed"),
                  at,
                  QStringLiteral("documents"),
                  false,
                  {},
                  QStringLiteral("18/s — rising: answers clean")};
    h.graphy = {QStringLiteral("graphy"),
                QStringLiteral("https://api.ongraphy.com"),
                true,
                true,
                true,
                212,
                QStringLiteral("v2"),
                QStringLiteral("ok"),
                QStringLiteral("closed"),
                at,
                QStringLiteral("v2"),
                false,
                {},
                QStringLiteral("38/s — held back after a 429 at 41/s")};
    h.schemaChecked = true;
    return h;
}

cc::HealthReport failingHealth(const QDateTime &at)
{
    cc::HealthReport h = healthyHealth(at);
    h.graphy.reachable = false;
    h.graphy.credentialsOk = false;
    h.graphy.latencyMs = -1; // nothing answered: not measured
    h.graphy.version.clear();
    h.graphy.message = QStringLiteral("timeout: no answer from api.ongraphy.com within 30 s");
    h.graphy.breakerState = QStringLiteral("open");
    h.graphy.lastSuccess = at.addSecs(-3 * 3600);
    h.schemaProblems = {
        QStringLiteral("learners: attribute 'last_completion_check' (datetime) is missing"),
        QStringLiteral("learners: index 'last_completion_check_index' on last_completion_check is missing")};
    return h;
}

} // namespace samples
