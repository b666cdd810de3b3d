#pragma once

#include "EngineSettings.h"

#include <QJsonObject>
#include <QStringList>

namespace cc {

// What the Appwrite collections must have for the checker to work (docs/ARCHITECTURE.md §11.2), and the
// comparison of a collection as Appwrite describes it (GET /databases/{db}/collections/{id})
// against that.
class SchemaRequirements
{
public:
    struct Attribute
    {
        QString key;
        QString type;    // "string", "datetime"
        int minSize = 0; // strings: at least this size
    };
    struct Index
    {
        QString attribute; // first attribute of the index
        bool unique = false;
    };
    struct Collection
    {
        QString id;
        QList<Attribute> attributes;
        QList<Index> indexes;
        // The checker creates whole documents here: any other required attribute would make every
        // create fail with 400, so it is a problem too.
        bool createdByChecker = false;
    };

    static Collection learners(const EngineSettings &settings);
    static Collection events(const EngineSettings &settings);
    // Problems, each a sentence naming the collection and what is missing or wrong.
    static QStringList compare(const Collection &required, const QJsonObject &collection);
};

} // namespace cc
