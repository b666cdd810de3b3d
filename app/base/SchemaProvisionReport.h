#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace cc {

// What schema provisioning did (or a dry run would do, or a verification found), one action per
// collection, field and index it needs (docs/ARCHITECTURE.md §11.7). Kept in the words of the API
// family that was spoken ("table"/"column" on TablesDB), because operators compare it with the
// Appwrite console of that version.
struct SchemaProvisionReport
{
    enum class Mode {
        Provision, // create what is missing
        DryRun,    // list what would be created; send no write
        Verify,    // compare only (--verify-schema): anything missing is a failure
    };

    struct Action
    {
        enum class Kind { Container, Field, Index };
        enum class State {
            WouldCreate,  // dry run: missing, would be created
            Missing,      // verification: missing
            Created,      // created now (and available, when it was waited for)
            AlreadyThere, // existed and fits (also a create answered 409 "already exists")
            Problem,      // exists but does not fit, is not available, or could not be created
        };
        Kind kind = Kind::Field;
        QString key;
        QString spec; // what it is: "varchar 320, required", "unique on event_id"
        State state = State::WouldCreate;
        QString problem; // State::Problem: why, and that nothing was changed
    };

    struct Collection
    {
        QString id;
        QString name;
        QList<Action> actions; // the collection itself first, then its fields, then its indexes
    };

    Mode mode = Mode::Provision;
    QString api;           // "TablesDB" | "documents API"
    QString containerWord; // "table" | "collection"
    QString fieldWord;     // "column" | "attribute"
    QString serverVersion; // as Appwrite reported it
    QString databaseId;
    QList<Collection> collections; // in the order they were handled
    QString error;                 // why it stopped before the end, with what was done by then
    bool serviceFailure = false;   // error: unreachable, or the key was refused or lacks scopes
    QStringList missingScopes;     // as Appwrite named them (401)

    int count(Action::State state) const;
    // Dry run and provisioning: no error and no problem. Verification: also nothing missing.
    bool ok() const;

    static QString modeName(Mode mode);            // "provision" | "dry-run" | "verify"
    static QString stateName(Action::State state); // "created", "would_create", …
    // "would create", "already there", … for one line of human output.
    static QString stateText(Action::State state);
    QString kindWord(Action::Kind kind) const; // "table" | "column" | "index", in the family's words
    // "column 'email' (varchar 320)"
    QString actionText(const Action &action) const;
    // "2 created, 25 already there, 1 problem"
    QString summary() const;
    // One line per collection, then one indented line per action ("  created       column 'slot'
    // (datetime, required)", a problem with its reason), for the command line and the desktop alike.
    // Without `alreadyThere`, only what changes or is wrong (a collection with neither is left out).
    QStringList lines(bool alreadyThere = true) const;
    // How many actions of `kind` are in `state`, in words: "1 table, 11 columns and 1 index".
    QString countText(Action::State state) const;
};

} // namespace cc

Q_DECLARE_METATYPE(cc::SchemaProvisionReport)
