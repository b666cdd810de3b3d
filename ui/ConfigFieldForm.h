#pragma once

#include "config/AppConfig.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

class QFormLayout;
class QLabel;
class QLineEdit;
class QWidget;

namespace cc {

// The editable fields of the settings dialog, one per ConfigKey, spread over several form layouts
// (the dialog's pages, called groups here). It turns their text into an AppConfig, checks it the
// way the app will (AppConfig::validate(), plus Schedule::parse for the schedule, which the key
// table only requires to be set) and shows each problem in a red label under its field, with the
// field outlined. A field that was empty when the dialog opened says nothing until it is typed in
// or revealAllErrors() is called (an Apply attempt): a new operator is not greeted by a page of
// "not set". Error labels keep their place while hidden, so fields do not jump as messages come.
//
// Each line edit is named after its settings key ("appwrite/endpoint"), its error label
// "<key>/error"; the line edit's "invalid" property is true while it has a problem.
class ConfigFieldForm : public QObject
{
    Q_OBJECT
public:
    explicit ConfigFieldForm(const AppConfig &current, QObject *parent = nullptr);

    // Adds a row to `form`: the line edit (`edit`, or a new one) holding the current value, with
    // an optional unit text or extra widget beside it, the error label and, when the value comes
    // from the environment or the command line, a note saying so. `label` names the row and, in
    // messages, the setting; `messageName` overrides the latter (lower case: the first letter of a
    // message is capitalised).
    QLineEdit *addField(QFormLayout *form, int group, ConfigKey key, const QString &label,
                        const QString &unit = {}, QLineEdit *edit = nullptr, QWidget *extra = nullptr,
                        const QString &messageName = {});

    // Adds `widget` under the field of `key` (after its error label), e.g. a live description.
    void addNote(ConfigKey key, QWidget *widget);

    // The current configuration with the edited values; fields that do not parse keep the
    // current value (and have an error).
    AppConfig editedConfig() const;

    // Checks every field and shows the result. Emits validated().
    void validate();
    const QHash<ConfigKey, QString> &errors() const { return m_errors; }
    // Problems of settings the form does not show (from the environment or the settings file).
    const QStringList &otherErrors() const { return m_otherErrors; }
    // Shows the problems of fields not typed in yet too (an Apply that cannot go ahead).
    void revealAllErrors();
    bool hasVisibleErrors() const;
    int errorCount(int group) const; // shown problems on a page

    bool hasErrorIn(const QList<ConfigKey> &keys) const;
    // "Runs every 15 minutes." while the schedule is valid, else empty.
    QString scheduleDescription() const { return m_scheduleDescription; }
    QLineEdit *edit(ConfigKey key) const;

signals:
    void validated();

private:
    struct Field
    {
        ConfigKey key;
        QString name; // in messages
        QLineEdit *edit;
        QLabel *error;
        int group;
        bool speaks; // shows its problem: had a value when opened, was typed in, or revealed
    };
    QString readable(QString message) const;

    AppConfig m_current;
    QList<Field> m_fields;
    QHash<ConfigKey, QString> m_errors;
    QStringList m_otherErrors;
    QString m_scheduleDescription;
};

} // namespace cc
