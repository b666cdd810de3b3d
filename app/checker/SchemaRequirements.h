#pragma once

#include "EngineSettings.h"
#include "net/AppwriteFamily.h"

#include <QJsonObject>
#include <QStringList>

namespace cc {

// What the Appwrite collections (tables) must have for the checker to work (docs/ARCHITECTURE.md
// §11.2), what schema provisioning creates, and the comparison of a collection as Appwrite
// describes it (GET /databases/{db}/collections/{id} or /tablesdb/{db}/tables/{id}) against that.
class SchemaRequirements
{
public:
    struct Attribute
    {
        QString key;
        QString type;    // "string", "datetime", "integer"
        int minSize = 0; // strings: at least this size to work
        int size = 0;    // strings: the size provisioning creates
        bool required = false;
    };
    struct Index
    {
        QString attribute; // first attribute of the index
        bool unique = false;
        QString key; // the index's name when provisioning creates it
    };
    struct Collection
    {
        QString id;
        QString name; // shown in the Appwrite console
        QList<Attribute> attributes;
        QList<Index> indexes;
        // The checker creates whole documents here: any other required attribute would make every
        // create fail with 400, so it is a problem too.
        bool createdByChecker = false;
    };

    static Collection learners(const EngineSettings &settings);
    static Collection events(const EngineSettings &settings);
    // The shared run ledger (checker_runs, docs/ARCHITECTURE.md §11.7).
    static Collection runs(const EngineSettings &settings);
    // Everything provisioning creates and --verify-schema checks, in creation order.
    static QList<Collection> all(const EngineSettings &settings);

    // Problems, each a sentence naming the collection and what is missing or wrong, in the words of
    // the family that described it (GET …/tables/{id} lists "columns", …/collections/{id} "attributes").
    static QStringList compare(const Collection &required, const QJsonObject &collection,
                               const AppwriteFamily &family);
    // The field as the collection describes it, or an empty object.
    static QJsonObject findField(const QJsonObject &collection, const QString &key,
                                 const AppwriteFamily &family);
    static bool hasIndex(const QJsonObject &collection, const Index &index, const AppwriteFamily &family);
    // The index that serves `index` (an available one first), or an empty object.
    static QJsonObject findIndex(const QJsonObject &collection, const Index &index,
                                 const AppwriteFamily &family);
    // A field or index Appwrite reports "available" (or without a status, as older servers do).
    static bool isAvailable(const QJsonObject &item);
    // Whether Appwrite's type for an existing field matches what `want` needs.
    static bool typeMatches(const Attribute &want, const QJsonObject &found);
};

} // namespace cc
