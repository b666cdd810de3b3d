// A Graphy learner search answer (GET /public/v2/learners?...&courseInfo=true, or v1) as the check
// reads it: GraphyClient::parseLearnerAnswer (error objects, shape, the e-mail match), then
// CompletionRule::evaluate on each course and the completion_data digest it writes. The same body
// also goes through GraphyClient::parseErrorBody, as for a 404 or 401 answer.
#include "FuzzSupport.h"

#include "checker/CompletionRule.h"
#include "net/GraphyClient.h"
#include "net/JsonBody.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

using namespace cc;

namespace {
void evaluate(const GraphyLearner &learner, const QString &courseId)
{
    const CompletionVerdict verdict = CompletionRule::evaluate(learner, courseId);
    CC_FUZZ_CHECK(!verdict.summary.isEmpty());
    // completion_data is a string attribute of 5 000 characters: the digest must always fit.
    const QByteArray digest = QJsonDocument(verdict.digest).toJson(QJsonDocument::Compact);
    CC_FUZZ_CHECK(QString::fromUtf8(digest).size() <= CompletionRule::kMaxDigestChars);
    // ... and be a JSON object that reads back (ARCHITECTURE §11.2).
    QJsonParseError parseError;
    const QJsonDocument reread = QJsonDocument::fromJson(digest, &parseError);
    CC_FUZZ_CHECK(parseError.error == QJsonParseError::NoError && reread.isObject());
    // A certificate is for good: only the completed flag or a real percentage of at least 100 gives one.
    if (verdict.outcome == LearnerOutcome::Completed &&
        !verdict.digest.value(QStringLiteral("completed")).toBool())
        CC_FUZZ_CHECK(std::isfinite(verdict.progress) && verdict.progress >= 100);
    if (verdict.outcome == LearnerOutcome::Completed || verdict.outcome == LearnerOutcome::InProgress)
        CC_FUZZ_CHECK(!verdict.digest.isEmpty());
}

void readAnswer(const HttpResult &result, const QString &email, const QString &version)
{
    const Result<GraphyLearner> answer = GraphyClient::parseLearnerAnswer(result, email, version);
    if (!answer.ok()) {
        CC_FUZZ_CHECK(answer.error().isError());
        return;
    }
    const GraphyLearner &learner = answer.value();
    if (!learner.found) {
        evaluate(learner, QStringLiteral("course-1"));
        return;
    }
    CC_FUZZ_CHECK(learner.email.compare(email, Qt::CaseInsensitive) == 0);
    evaluate(learner, QStringLiteral("course-not-there"));
    for (const GraphyCourse &course : learner.courses) {
        evaluate(learner, course.id);
        evaluate(learner, QStringLiteral(" ") + course.id + QStringLiteral(" "));
    }
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HttpResult result = fuzz::jsonAnswer(data, size);

    // The e-mail asked for, and the one the answer's first row gives (so the "found" path is reached
    // without the fuzzer having to guess an address).
    readAnswer(result, QStringLiteral("learner@example.com"), QStringLiteral("v2"));
    ServiceError notJson;
    if (const auto body = JsonBody::object(result, &notJson)) {
        const QJsonValue first = body->value(QStringLiteral("data")).toArray().first();
        const QString email = first.toObject().value(QStringLiteral("email")).toString();
        if (!email.isEmpty()) {
            readAnswer(result, email, QStringLiteral("v2"));
            readAnswer(result, email, QStringLiteral("v1"));
        }
    }

    result.status = 404;
    result.error.kind = ServiceError::Kind::Http;
    GraphyClient::parseErrorBody(result, result.error);
    result.status = 401;
    result.headers.insert("content-type", "text/html; charset=utf-8");
    GraphyClient::parseErrorBody(result, result.error);
    return 0;
}
