#pragma once

#include "base/CheckResult.h"
#include "base/ErrorEntry.h"
#include "base/HealthReport.h"
#include "base/RunRecord.h"
#include "base/SchemaProvisionReport.h"
#include "base/SingleCheckReport.h"

#include <QJsonObject>
#include <QString>

namespace cc {

// Human and machine (--json) renderings of what the checker reports. Every text here comes from
// already-redacted values.
class ReportFormatter
{
public:
    static QString runText(const RunRecord &run);
    static QJsonObject runJson(const RunRecord &run);
    static QJsonObject checkJson(const CheckResult &result);
    static QJsonObject errorJson(const ErrorEntry &error);
    static QString errorText(const ErrorEntry &error);

    static QString healthText(const HealthReport &report);
    static QJsonObject healthJson(const HealthReport &report);

    // --provision-schema, --dry-run, --verify-schema: one line per table (collection), field and index.
    static QString schemaText(const SchemaProvisionReport &report);
    static QJsonObject schemaJson(const SchemaProvisionReport &report);

    static QString singleCheckText(const SingleCheckReport &report);
    static QJsonObject singleCheckJson(const SingleCheckReport &report);
};

} // namespace cc
