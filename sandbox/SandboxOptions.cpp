#include "SandboxOptions.h"

namespace sandbox {

QString SandboxOptions::usage()
{
    return QStringLiteral(
        "Usage: completion-sandbox [options]\n"
        "  --port P                 listen on 127.0.0.1:P (0 = any free port)\n"
        "  --learners N             demo learners (default 200)\n"
        "  --seed S                 random seed (default 1)\n"
        "  --courses C              demo courses (default 5)\n"
        "  --completed-share X      share Graphy reports complete (default 0.3)\n"
        "  --checked-share X        share with last_completion_check set (default 0.2)\n"
        "  --project ID --key KEY --readonly-key KEY --database ID --mid MID --graphy-key KEY\n"
        "  --fault api:kind[:probability[:count[:param]]]   e.g. graphy:error:0.1, "
        "appwrite:rate_limit:1:3:2\n"
        "  --latency api:ms[:jitter]                         e.g. graphy:50:20\n"
        "  --graphy-rate-limit R                             Graphy answers 429 + Retry-After beyond R/s\n"
        "  --drop-attribute collection.key                   start with that attribute missing\n"
        "  --require-attribute collection.key                add a required string attribute\n"
        "  --drop-index collection.key                       start with that index missing\n"
        "  --drop-collection ID                              start with that collection missing\n"
        "  --empty-database         the database has no collections (to test provisioning: create\n"
        "                           them with POST /v1/databases/{db}/collections or, 1.8+,\n"
        "                           /v1/tablesdb/{db}/tables); Graphy is seeded as usual\n"
        "  --no-graphy-v2           /public/v2 answers 404 (tests the v1 fallback)\n"
        "  --appwrite-version V     1.7 (no TablesDB: /v1/tablesdb answers 404), 1.8 (default,\n"
        "                           integer $sequence) or 1.9 ($sequence a string)\n"
        "  --key-scopes S           scopes of the API keys: both (default), rows (1.8+ console key:\n"
        "                           documents/collections routes answer 401 missing scopes) or\n"
        "                           documents (pre-1.8 key: TablesDB accepts it too)\n"
        "Both switches can be changed at run time: POST /_sandbox/settings\n"
        "  {\"appwriteVersion\":\"1.9\",\"keyScopes\":\"rows\",\"graphyV2Enabled\":true}\n"
        "POST /_sandbox/reset {\"emptyDatabase\":true} reseeds with no collections; false brings the\n"
        "demo collections back; left out, the current choice stays.\n");
}

bool SandboxOptions::parseAppwriteVersion(const QString &text, AppwriteVersion *version)
{
    if (text == QLatin1String("1.7"))
        *version = AppwriteVersion::V1_7;
    else if (text == QLatin1String("1.8"))
        *version = AppwriteVersion::V1_8;
    else if (text == QLatin1String("1.9"))
        *version = AppwriteVersion::V1_9;
    else
        return false;
    return true;
}

QString SandboxOptions::versionName(AppwriteVersion version)
{
    return fullVersion(version).left(3);
}

QString SandboxOptions::fullVersion(AppwriteVersion version)
{
    switch (version) {
    case AppwriteVersion::V1_7:
        return QStringLiteral("1.7.4");
    case AppwriteVersion::V1_9:
        return QStringLiteral("1.9.3");
    case AppwriteVersion::V1_8:
        break;
    }
    return QStringLiteral("1.8.1");
}

bool SandboxOptions::parseKeyScopes(const QString &text, KeyScopes *scopes)
{
    if (text == QLatin1String("both"))
        *scopes = KeyScopes::Both;
    else if (text == QLatin1String("rows"))
        *scopes = KeyScopes::Rows;
    else if (text == QLatin1String("documents"))
        *scopes = KeyScopes::Documents;
    else
        return false;
    return true;
}

QString SandboxOptions::keyScopesName(KeyScopes scopes)
{
    switch (scopes) {
    case KeyScopes::Rows:
        return QStringLiteral("rows");
    case KeyScopes::Documents:
        return QStringLiteral("documents");
    case KeyScopes::Both:
        break;
    }
    return QStringLiteral("both");
}

bool SandboxOptions::parseArguments(const QStringList &args, SandboxOptions *o, QString *error)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        auto next = [&](QString *value) {
            if (i + 1 >= args.size()) {
                *error = QStringLiteral("missing value for ") + a;
                return false;
            }
            *value = args[++i];
            return true;
        };
        QString v;
        bool ok = true;
        if (a == QLatin1String("--no-graphy-v2")) {
            o->graphyV2Enabled = false;
            continue;
        }
        if (a == QLatin1String("--empty-database")) {
            o->emptyDatabase = true;
            continue;
        }
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            *error = usage();
            return false;
        }
        if (!next(&v))
            return false;
        if (a == QLatin1String("--port")) {
            o->port = quint16(v.toUShort(&ok));
        } else if (a == QLatin1String("--learners")) {
            o->learners = v.toInt(&ok);
            ok = ok && o->learners >= 0;
        } else if (a == QLatin1String("--seed")) {
            o->seed = v.toUInt(&ok);
        } else if (a == QLatin1String("--courses")) {
            o->courses = v.toInt(&ok);
            ok = ok && o->courses >= 1;
        } else if (a == QLatin1String("--completed-share")) {
            o->completedShare = v.toDouble(&ok);
        } else if (a == QLatin1String("--checked-share")) {
            o->checkedShare = v.toDouble(&ok);
        } else if (a == QLatin1String("--project")) {
            o->projectId = v;
        } else if (a == QLatin1String("--key")) {
            o->apiKey = v;
        } else if (a == QLatin1String("--readonly-key")) {
            o->readOnlyApiKey = v;
        } else if (a == QLatin1String("--database")) {
            o->databaseId = v;
        } else if (a == QLatin1String("--mid")) {
            o->graphyMid = v;
        } else if (a == QLatin1String("--graphy-key")) {
            o->graphyKey = v;
        } else if (a == QLatin1String("--fault") || a == QLatin1String("--latency")) {
            FaultRule rule;
            const bool parsed = a == QLatin1String("--fault") ? FaultRule::fromSpec(v, &rule, error)
                                                              : FaultRule::fromLatencySpec(v, &rule, error);
            if (!parsed)
                return false;
            o->faults.append(rule);
        } else if (a == QLatin1String("--graphy-rate-limit")) {
            o->graphyRateLimit = v.toDouble(&ok);
            ok = ok && o->graphyRateLimit >= 0;
        } else if (a == QLatin1String("--drop-attribute")) {
            o->dropAttributes << v;
        } else if (a == QLatin1String("--drop-index")) {
            o->dropIndexes << v;
        } else if (a == QLatin1String("--drop-collection")) {
            o->dropCollections << v;
        } else if (a == QLatin1String("--require-attribute")) {
            o->requireAttributes << v;
        } else if (a == QLatin1String("--appwrite-version")) {
            ok = parseAppwriteVersion(v, &o->appwriteVersion);
        } else if (a == QLatin1String("--key-scopes")) {
            ok = parseKeyScopes(v, &o->keyScopes);
        } else {
            *error = QStringLiteral("unknown option ") + a + QLatin1Char('\n') + usage();
            return false;
        }
        if (!ok) {
            *error = QStringLiteral("invalid value for %1: %2").arg(a, v);
            return false;
        }
    }
    return true;
}

} // namespace sandbox
