// A collection or table as Appwrite describes it (GET /databases/{db}/collections/{id} or
// /tablesdb/{db}/tables/{id}) read as Health and schema provisioning read it, in both API families'
// words: the strict object (JsonBody::object), the comparison with each collection the checker needs
// (SchemaRequirements::compare) and the provisioning plan (SchemaPlan::make) in every mode.
#include "FuzzSupport.h"

#include "checker/SchemaPlan.h"
#include "checker/SchemaRequirements.h"
#include "net/AppwriteFamily.h"
#include "net/JsonBody.h"

using namespace cc;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const HttpResult result = fuzz::jsonAnswer(data, size);
    ServiceError error;
    const std::optional<QJsonObject> collection = JsonBody::object(result, &error);
    if (!collection) {
        CC_FUZZ_CHECK(error.kind == ServiceError::Kind::Malformed && !error.message.isEmpty());
        return 0;
    }
    static const EngineSettings settings;
    for (const AppwriteFamily *family : {&AppwriteFamily::tablesDb(), &AppwriteFamily::documents()}) {
        for (const SchemaRequirements::Collection &required : SchemaRequirements::all(settings)) {
            const QStringList problems = SchemaRequirements::compare(required, *collection, *family);
            for (const QString &p : problems)
                CC_FUZZ_CHECK(p.startsWith(required.id + QLatin1Char(':')));
            for (const auto mode : {SchemaProvisionReport::Mode::Verify, SchemaProvisionReport::Mode::DryRun,
                                    SchemaProvisionReport::Mode::Provision}) {
                const QList<SchemaPlan::Step> steps =
                    SchemaPlan::make(required, *collection, *family, QStringLiteral("1.9.0"), mode);
                // Nothing that exists is ever planned for creation: a planned field is absent.
                for (const SchemaPlan::Step &step : steps) {
                    if (step.toCreate() && !step.fieldKind.isEmpty()) {
                        const QString key = step.fieldBody.value(QStringLiteral("key")).toString();
                        CC_FUZZ_CHECK(SchemaRequirements::findField(*collection, key, *family).isEmpty());
                    }
                }
            }
        }
    }
    return 0;
}
