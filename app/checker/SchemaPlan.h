#pragma once

#include "SchemaRequirements.h"
#include "base/SchemaProvisionReport.h"
#include "net/AppwriteFamily.h"

#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace cc {

// What schema provisioning must do for one collection (table), worked out from Appwrite's own
// description of it and the requirements: which parts are missing and how to create them, which are
// there, and which are there but unusable. Pure, no I/O, so every case is a unit test
// (tests/checker/tst_schema_plan); SchemaProvisioner sends what it says. It never plans a change to
// anything that exists: a field of the wrong type is a problem to report, not to fix.
class SchemaPlan
{
public:
    using Action = SchemaProvisionReport::Action;

    struct Step
    {
        Action action;
        // Exists but Appwrite is still building it: provisioning waits for it (an index on a
        // processing field is refused).
        bool awaitAvailable = false;
        // How to create it, when the action is WouldCreate or Missing:
        QString
            fieldKind; // fields: "string" (the client sends the server's text kind), "datetime", "integer"
        QJsonObject fieldBody;   // fields: key, required, size — never a default (refused on required ones)
        QString indexType;       // indexes: "key" | "unique"
        QStringList indexFields; // indexes: the fields it covers, which must be available first

        bool toCreate() const
        {
            return action.state == Action::State::WouldCreate || action.state == Action::State::Missing;
        }
    };

    // `collection` is Appwrite's answer to GET …/collections/{id} (…/tables/{id}), described by
    // `family`; nullopt when Appwrite said there is none. `serverVersion` decides how a text field is
    // named ("varchar" on TablesDB 1.9+). The collection itself is the first step, then the fields,
    // then the indexes.
    static QList<Step> make(const SchemaRequirements::Collection &required,
                            const std::optional<QJsonObject> &collection, const AppwriteFamily &family,
                            const QString &serverVersion, SchemaProvisionReport::Mode mode);

    // Whether a status Appwrite reports for a field or index means it will never become available.
    static bool isBroken(const QString &status)
    {
        return status == QLatin1String("failed") || status == QLatin1String("stuck");
    }
    // "Appwrite reports it 'failed': <error>": why a field or index is broken, in Appwrite's words.
    static QString brokenText(const QJsonObject &item);
};

} // namespace cc
