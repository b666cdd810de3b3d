// An Appwrite list answer as the pager reads it, in both API families' envelopes ({"total": n,
// "rows": [...]} from TablesDB, {"total": n, "documents": [...]} from the documents API; rows carry
// `$sequence` as an integer (1.8) or a string (1.9), which nothing may depend on): the strict envelope
// (JsonBody::list), then every document into a LearnerRecord (LearnerDocument::parse, with the default and an
// older deployment's attribute names), the record's problem check, the event identity derived from it, and
// the completion_data each document carries.
#include "FuzzSupport.h"

#include "checker/EventIdentity.h"
#include "checker/LearnerDocument.h"
#include "net/AppwriteFamily.h"
#include "net/JsonBody.h"

#include <QJsonDocument>

using namespace cc;

namespace {
LearnerAttributes legacyAttributes()
{
    LearnerAttributes a;
    a.status = QStringLiteral("enrollment_status");
    a.completedAt = QStringLiteral("completion_date");
    return a;
}

void readDocument(const QJsonObject &document, const LearnerAttributes &attributes)
{
    const LearnerRecord learner = LearnerDocument::parse(document, attributes);
    CC_FUZZ_CHECK(learner.id == document.value(QStringLiteral("$id")).toString());
    const QString problem = LearnerDocument::problem(learner);
    if (problem.isEmpty()) {
        const QString eventId = EventIdentity::eventId(learner.courseId, learner.id);
        const QString documentId = EventIdentity::documentId(eventId);
        CC_FUZZ_CHECK(documentId.size() == 32);
    }
    // completion_data is a JSON object stored as a string: whatever is there must not upset a reader.
    const QJsonValue data = document.value(attributes.completionData);
    if (data.isString()) {
        const QJsonDocument digest = QJsonDocument::fromJson(data.toString().toUtf8());
        const QJsonValue progress = digest.object().value(QStringLiteral("progress"));
        (void)progress.toDouble(-1);
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
    const HttpResult result = fuzz::jsonAnswer(data, size);
    static const LearnerAttributes defaults;
    static const LearnerAttributes legacy = legacyAttributes();
    for (const AppwriteFamily *family : {&AppwriteFamily::tablesDb(), &AppwriteFamily::documents()}) {
        ServiceError error;
        const std::optional<JsonBody::List> list =
            JsonBody::list(result, QLatin1String(family->records), &error);
        if (!list) {
            CC_FUZZ_CHECK(error.kind == ServiceError::Kind::Malformed && !error.message.isEmpty());
            continue;
        }
        for (const QJsonObject &document : list->items) {
            readDocument(document, defaults);
            readDocument(document, legacy);
        }
    }
    return 0;
}
