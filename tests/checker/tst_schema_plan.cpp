// SchemaPlan: what provisioning must create for one collection (table), from Appwrite's description
// of it. Every case builds that description as Appwrite would send it, in both API families, and
// checks each step's state, what would be sent, and that the plan agrees with
// SchemaRequirements::compare (what Health reports) on whether anything is wrong.
#include "checker/SchemaPlan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cc;
using State = SchemaPlan::Action::State;
using Kind = SchemaPlan::Action::Kind;
using Mode = SchemaProvisionReport::Mode;

Q_DECLARE_METATYPE(cc::SchemaProvisionReport::Mode)

namespace {
const AppwriteFamily &familyNamed(const QString &name)
{
    return name == QLatin1String("documents") ? AppwriteFamily::documents() : AppwriteFamily::tablesDb();
}

// The collection as Appwrite describes it when everything `required` asks for is there and available.
QJsonObject complete(const SchemaRequirements::Collection &required, const AppwriteFamily &family)
{
    QJsonArray fields, indexes;
    for (const auto &a : required.attributes) {
        QJsonObject f{{"key", a.key}, {"type", a.type}, {"status", "available"}, {"required", a.required}};
        if (a.type == QLatin1String("string"))
            f.insert("size", a.size);
        fields.append(f);
    }
    for (const auto &i : required.indexes)
        indexes.append(QJsonObject{{"key", i.key},
                                   {"type", i.unique ? "unique" : "key"},
                                   {"status", "available"},
                                   {QLatin1String(family.fields), QJsonArray{i.attribute}}});
    return {{"$id", required.id}, {QLatin1String(family.fields), fields}, {"indexes", indexes}};
}

// Replaces the field or index `key` in `list` ("columns"/"attributes" or "indexes") with `value`,
// or removes it when `value` is empty, or appends `value` when there is none.
void edit(QJsonObject &collection, const QString &list, const QString &key, const QJsonObject &value)
{
    QJsonArray items = collection.value(list).toArray(), out;
    bool replaced = false;
    for (const QJsonValue &v : items) {
        if (v.toObject().value("key").toString() != key) {
            out.append(v);
        } else if (!value.isEmpty()) {
            out.append(value);
            replaced = true;
        }
    }
    if (!replaced && !value.isEmpty() && !items.contains(value))
        out.append(value);
    collection.insert(list, out);
}

const SchemaPlan::Step *stepFor(const QList<SchemaPlan::Step> &steps, Kind kind, const QString &key)
{
    for (const auto &s : steps)
        if (s.action.kind == kind && s.action.key == key)
            return &s;
    return nullptr;
}

QString describe(const QList<SchemaPlan::Step> &steps)
{
    QStringList out;
    for (const auto &s : steps)
        out << QStringLiteral("%1:%2=%3%4")
                   .arg(int(s.action.kind))
                   .arg(s.action.key, SchemaProvisionReport::stateName(s.action.state),
                        s.action.problem.isEmpty() ? QString()
                                                   : QStringLiteral("(%1)").arg(s.action.problem));
    return out.join(QStringLiteral(" | "));
}
} // namespace

class TestSchemaPlan : public QObject
{
    Q_OBJECT

private slots:
    void missingCollectionCreatesEverything_data();
    void missingCollectionCreatesEverything();
    void textKindFollowsFamilyAndVersion_data();
    void textKindFollowsFamilyAndVersion();
    void existingCollection_data();
    void existingCollection();
    void fieldStatusByMode_data();
    void fieldStatusByMode();
    void createBodiesNeverCarryDefaults();
};

void TestSchemaPlan::missingCollectionCreatesEverything_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<int>("expected"); // State
    QTest::newRow("provision") << Mode::Provision << int(State::WouldCreate);
    QTest::newRow("dry run") << Mode::DryRun << int(State::WouldCreate);
    QTest::newRow("verify") << Mode::Verify << int(State::Missing);
}

void TestSchemaPlan::missingCollectionCreatesEverything()
{
    QFETCH(Mode, mode);
    QFETCH(int, expected);
    const EngineSettings settings;
    for (const auto &required : SchemaRequirements::all(settings)) {
        const auto steps =
            SchemaPlan::make(required, std::nullopt, AppwriteFamily::tablesDb(), "1.8.1", mode);
        QCOMPARE(steps.size(), 1 + required.attributes.size() + required.indexes.size());
        QCOMPARE(steps.first().action.kind, Kind::Container);
        QCOMPARE(steps.first().action.key, required.id);
        for (const auto &s : steps) {
            QVERIFY2(int(s.action.state) == expected, qPrintable(describe(steps)));
            QVERIFY(s.toCreate());
            QVERIFY(!s.awaitAvailable);
        }
        // Fields before indexes: an index needs its fields available.
        QCOMPARE(steps.last().action.kind, Kind::Index);
    }
}

void TestSchemaPlan::textKindFollowsFamilyAndVersion_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("spec"); // of learners.status
    QTest::newRow("TablesDB 1.9: varchar") << "tablesdb"
                                           << "1.9.0"
                                           << "varchar 50, required";
    QTest::newRow("TablesDB 1.8: string") << "tablesdb"
                                          << "1.8.1"
                                          << "string 50, required";
    QTest::newRow("documents 1.9: string") << "documents"
                                           << "1.9.0"
                                           << "string 50, required";
    QTest::newRow("documents 1.7: string") << "documents"
                                           << "1.7.4"
                                           << "string 50, required";
}

void TestSchemaPlan::textKindFollowsFamilyAndVersion()
{
    QFETCH(QString, family);
    QFETCH(QString, version);
    QFETCH(QString, spec);
    const EngineSettings settings;
    const auto steps = SchemaPlan::make(SchemaRequirements::learners(settings), std::nullopt,
                                        familyNamed(family), version, Mode::DryRun);
    const SchemaPlan::Step *status = stepFor(steps, Kind::Field, "status");
    QVERIFY(status);
    QCOMPARE(status->action.spec, spec);
    // The kind stays "string": the client names it for the server it talks to.
    QCOMPARE(status->fieldKind, QStringLiteral("string"));
    QCOMPARE(stepFor(steps, Kind::Field, "completed_at")->action.spec, QStringLiteral("datetime"));
}

void TestSchemaPlan::existingCollection_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("collection"); // learners | webhook_events
    QTest::addColumn<QString>("list");       // what to edit: "fields" | "indexes"
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("replacement"); // JSON, "" removes it
    QTest::addColumn<QString>("expectKind");  // field | index
    QTest::addColumn<QString>("expectKey");
    QTest::addColumn<int>("expectState");
    QTest::addColumn<QString>("problemPart");
    // Whether SchemaRequirements::compare (Health) sees it too; it does not read index status.
    QTest::addColumn<bool>("healthSees");

    for (const QString family : {"tablesdb", "documents"}) {
        const QString fieldsKey = QLatin1String(familyNamed(family).fields);
        auto row = [&](const char *name) -> QTestData & {
            return QTest::addRow("%s, %s", qPrintable(family), name);
        };
        row("complete") << family << "learners"
                        << "fields"
                        << "email"
                        << R"({"key":"email","type":"string","size":320,"status":"available"})"
                        << "field"
                        << "email" << int(State::AlreadyThere) << "" << true;
        row("field missing") << family << "learners"
                             << "fields"
                             << "completion_data"
                             << ""
                             << "field"
                             << "completion_data" << int(State::WouldCreate) << "" << true;
        // 1.9 may describe a text field as varchar or text: both fit.
        row("varchar fits") << family << "learners"
                            << "fields"
                            << "email"
                            << R"({"key":"email","type":"varchar","size":320,"status":"available"})"
                            << "field"
                            << "email" << int(State::AlreadyThere) << "" << true;
        row("wrong type") << family << "learners"
                          << "fields"
                          << "email"
                          << R"({"key":"email","type":"integer","status":"available"})"
                          << "field"
                          << "email" << int(State::Problem)
                          << "has type integer, the checker needs string; left as it is" << true;
        row("too small") << family << "learners"
                         << "fields"
                         << "completion_data"
                         << R"({"key":"completion_data","type":"string","size":100,"status":"available"})"
                         << "field"
                         << "completion_data" << int(State::Problem)
                         << "has size 100, the checker needs at least 1000" << true;
        row("datetime as string with format")
            << family << "learners"
            << "fields"
            << "completed_at"
            << R"({"key":"completed_at","type":"string","format":"datetime","status":"available"})"
            << "field"
            << "completed_at" << int(State::AlreadyThere) << "" << true;
        row("index missing") << family << "learners"
                             << "indexes"
                             << "status_index"
                             << ""
                             << "index"
                             << "status_index" << int(State::WouldCreate) << "" << true;
        // A deployment that named its index otherwise has what the checker needs.
        row("index under another name")
            << family << "learners"
            << "indexes"
            << "status_index"
            << QStringLiteral(R"({"key":"idx_status","type":"key","status":"available","%1":["status"]})")
                   .arg(fieldsKey)
            << "index"
            << "idx_status" << int(State::AlreadyThere) << "" << true;
        row("index name taken")
            << family << "learners"
            << "indexes"
            << "status_index"
            << QStringLiteral(R"({"key":"status_index","type":"key","status":"available","%1":["email"]})")
                   .arg(fieldsKey)
            << "index"
            << "status_index" << int(State::Problem)
            << "an index named 'status_index' exists, but not key on status" << true;
        // Only a unique index refuses a second event: a plain one is not enough.
        row("event_id index not unique")
            << family << "webhook_events"
            << "indexes"
            << "event_id_unique"
            << QStringLiteral(R"({"key":"event_id_key","type":"key","status":"available","%1":["event_id"]})")
                   .arg(fieldsKey)
            << "index"
            << "event_id_unique" << int(State::WouldCreate) << "" << true;
        row("extra required event field")
            << family << "webhook_events"
            << "fields"
            << "tenant_id"
            << R"({"key":"tenant_id","type":"string","size":36,"required":true,"status":"available"})"
            << "field"
            << "tenant_id" << int(State::Problem) << "is required, but the checker does not set it" << true;
        row("index failed")
            << family << "webhook_events"
            << "indexes"
            << "event_id_unique"
            << QStringLiteral(
                   R"({"key":"event_id_unique","type":"unique","status":"failed","error":"Duplicate entry","%1":["event_id"]})")
                   .arg(fieldsKey)
            << "index"
            << "event_id_unique" << int(State::Problem) << "Appwrite reports it 'failed': Duplicate entry"
            << false;
    }
}

void TestSchemaPlan::existingCollection()
{
    QFETCH(QString, family);
    QFETCH(QString, collection);
    QFETCH(QString, list);
    QFETCH(QString, key);
    QFETCH(QString, replacement);
    QFETCH(QString, expectKind);
    QFETCH(QString, expectKey);
    QFETCH(int, expectState);
    QFETCH(QString, problemPart);
    QFETCH(bool, healthSees);
    const AppwriteFamily &f = familyNamed(family);
    const EngineSettings settings;
    const auto required = collection == QLatin1String("learners") ? SchemaRequirements::learners(settings)
                                                                  : SchemaRequirements::events(settings);
    QJsonObject described = complete(required, f);
    edit(described, list == QLatin1String("fields") ? QLatin1String(f.fields) : QStringLiteral("indexes"),
         key, QJsonDocument::fromJson(replacement.toUtf8()).object());

    for (Mode mode : {Mode::Provision, Mode::Verify}) {
        const auto steps = SchemaPlan::make(required, described, f, "1.8.1", mode);
        QCOMPARE(steps.first().action.state, State::AlreadyThere); // the collection itself
        const SchemaPlan::Step *step =
            stepFor(steps, expectKind == QLatin1String("field") ? Kind::Field : Kind::Index, expectKey);
        QVERIFY2(step, qPrintable(describe(steps)));
        int want = expectState;
        if (mode == Mode::Verify && want == int(State::WouldCreate))
            want = int(State::Missing);
        QVERIFY2(int(step->action.state) == want, qPrintable(describe(steps)));
        QVERIFY2(step->action.problem.contains(problemPart), qPrintable(step->action.problem));
        // Everything else is there and fine.
        int notFine = 0;
        for (const auto &s : steps)
            notFine += s.action.state == State::AlreadyThere ? 0 : 1;
        QCOMPARE(notFine, expectState == int(State::AlreadyThere) ? 0 : 1);
        // The plan and Health agree on whether the collection is usable as it is.
        if (mode == Mode::Verify && healthSees)
            QCOMPARE(notFine == 0, SchemaRequirements::compare(required, described, f).isEmpty());
    }
}

void TestSchemaPlan::fieldStatusByMode_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("await");
    QTest::addColumn<QString>("part"); // of the spec or the problem
    QTest::newRow("processing, provision: wait for it")
        << "processing" << Mode::Provision << int(State::AlreadyThere) << true << "processing";
    QTest::newRow("processing, dry run: listed")
        << "processing" << Mode::DryRun << int(State::AlreadyThere) << false << "processing";
    QTest::newRow("processing, verify: not usable yet")
        << "processing" << Mode::Verify << int(State::Problem) << false << "not available yet";
    QTest::newRow("stuck: reported, never deleted")
        << "stuck" << Mode::Provision << int(State::Problem) << false << "delete it in the Appwrite console";
    QTest::newRow("failed, verify") << "failed" << Mode::Verify << int(State::Problem) << false
                                    << "Appwrite reports it 'failed': Invalid size";
}

void TestSchemaPlan::fieldStatusByMode()
{
    QFETCH(QString, status);
    QFETCH(Mode, mode);
    QFETCH(int, state);
    QFETCH(bool, await);
    QFETCH(QString, part);
    const EngineSettings settings;
    const auto required = SchemaRequirements::learners(settings);
    QJsonObject described = complete(required, AppwriteFamily::tablesDb());
    edit(described, "columns", "status",
         QJsonObject{{"key", "status"},
                     {"type", "string"},
                     {"size", 50},
                     {"required", true},
                     {"status", status},
                     {"error", "Invalid size"}});
    const auto steps = SchemaPlan::make(required, described, AppwriteFamily::tablesDb(), "1.8.1", mode);
    const SchemaPlan::Step *step = stepFor(steps, Kind::Field, "status");
    QVERIFY(step);
    QCOMPARE(int(step->action.state), state);
    QCOMPARE(step->awaitAvailable, await);
    QVERIFY(!step->toCreate()); // never created again, never deleted
    QVERIFY2((step->action.spec + step->action.problem).contains(part),
             qPrintable(step->action.spec + " / " + step->action.problem));
}

void TestSchemaPlan::createBodiesNeverCarryDefaults()
{
    // Appwrite refuses a default on a required attribute; none is ever sent.
    const EngineSettings settings;
    for (const auto &required : SchemaRequirements::all(settings)) {
        const auto steps =
            SchemaPlan::make(required, std::nullopt, AppwriteFamily::documents(), "1.7.4", Mode::Provision);
        for (const auto &s : steps) {
            if (s.action.kind == Kind::Index) {
                const bool eventId = s.indexFields == QStringList{"event_id"};
                QCOMPARE(s.indexType, eventId ? QStringLiteral("unique") : QStringLiteral("key"));
                continue;
            }
            if (s.action.kind != Kind::Field)
                continue;
            QVERIFY2(!s.fieldBody.contains("default"), qPrintable(s.action.key));
            QCOMPARE(s.fieldBody.value("key").toString(), s.action.key);
            const auto want = std::find_if(required.attributes.cbegin(), required.attributes.cend(),
                                           [&](const auto &a) { return a.key == s.action.key; });
            QCOMPARE(s.fieldBody.value("required").toBool(), want->required);
            QCOMPARE(s.fieldBody.contains("size"), want->type == QLatin1String("string"));
            if (want->type == QLatin1String("string"))
                QVERIFY(s.fieldBody.value("size").toInt() >= want->minSize);
        }
    }
}

QTEST_GUILESS_MAIN(TestSchemaPlan)
#include "tst_schema_plan.moc"
