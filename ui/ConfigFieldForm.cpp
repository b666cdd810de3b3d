#include "ConfigFieldForm.h"

#include "checker/Schedule.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimeZone>
#include <QVBoxLayout>
#include <algorithm>

namespace cc {

namespace {
const char *kInvalidStyle = "QLineEdit { border: 1px solid #c62828; border-radius: 3px; padding: 2px; "
                            "background: #fff4f4; }";

QLabel *note(const QString &text, const QString &color)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: %1;").arg(color));
    return label;
}
} // namespace

ConfigFieldForm::ConfigFieldForm(const AppConfig &current, QObject *parent)
    : QObject(parent), m_current(current)
{}

QLineEdit *ConfigFieldForm::addField(QFormLayout *form, int group, ConfigKey key, const QString &label,
                                     const QString &unit, QLineEdit *edit, QWidget *extra,
                                     const QString &messageName)
{
    const ConfigKeySpec &spec = configKeySpec(key);
    if (!edit)
        edit = new QLineEdit;
    edit->setObjectName(spec.settingsKey);
    edit->setText(m_current.value(key).toString());
    QString tip = spec.description;
    if (!spec.envVar.isEmpty())
        tip += tr("\nEnvironment variable: %1").arg(spec.envVar);
    edit->setToolTip(tip);
    connect(edit, &QLineEdit::textChanged, this, &ConfigFieldForm::validate);

    auto *cell = new QWidget;
    auto *cellLayout = new QVBoxLayout(cell);
    cellLayout->setContentsMargins(0, 0, 0, 0);
    cellLayout->setSpacing(2);
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    if (spec.type == ConfigValueType::Integer || spec.type == ConfigValueType::Real) {
        edit->setFixedWidth(edit->fontMetrics().horizontalAdvance(QStringLiteral("0000000000")) + 16);
        row->setStretch(0, 0);
    }
    if (extra)
        row->addWidget(extra);
    if (!unit.isEmpty())
        row->addWidget(note(unit, QStringLiteral("palette(dark)")), 1);
    cellLayout->addLayout(row);

    auto *error = note({}, QStringLiteral("#c62828"));
    error->setObjectName(spec.settingsKey + QStringLiteral("/error"));
    QSizePolicy keepPlace = error->sizePolicy();
    keepPlace.setRetainSizeWhenHidden(true);
    error->setSizePolicy(keepPlace);
    error->hide();
    cellLayout->addWidget(error);
    // A value from the environment or the command line wins over the settings at the next start.
    const ConfigSource source = m_current.sourceOf(key);
    if (source == ConfigSource::Environment || source == ConfigSource::CommandLine) {
        const QString origin = source == ConfigSource::Environment
                                   ? tr("Set by %1 in the environment").arg(spec.envVar)
                                   : tr("Set on the command line");
        QLabel *sourceNote = note(tr("%1; that value wins over what is saved here.").arg(origin),
                                  QStringLiteral("palette(dark)"));
        sourceNote->setObjectName(spec.settingsKey + QStringLiteral("/source"));
        cellLayout->addWidget(sourceNote);
    }
    form->addRow(label, cell);
    m_fields.append(
        {key, messageName.isEmpty() ? label : messageName, edit, error, group, !edit->text().isEmpty()});
    // Fields are only ever appended: the index stays this field's.
    connect(edit, &QLineEdit::textEdited, this,
            [this, index = m_fields.size() - 1] { m_fields[index].speaks = true; });
    return edit;
}

void ConfigFieldForm::addNote(ConfigKey key, QWidget *widget)
{
    // The cell built by addField(): its layout holds the edit row, the error label and notes.
    if (QLineEdit *e = edit(key))
        static_cast<QVBoxLayout *>(e->parentWidget()->layout())->addWidget(widget);
}

QLineEdit *ConfigFieldForm::edit(ConfigKey key) const
{
    for (const Field &f : m_fields) {
        if (f.key == key)
            return f.edit;
    }
    return nullptr;
}

AppConfig ConfigFieldForm::editedConfig() const
{
    AppConfig c = m_current;
    for (const Field &f : m_fields) {
        const QVariant v = parseConfigValue(f.key, f.edit->text(), nullptr);
        if (!v.isValid())
            continue;
        if (v != m_current.value(f.key))
            c.sources.insert(f.key, ConfigSource::Settings);
        c.setValue(f.key, v);
        // What could not be read from the environment or settings is replaced by the edited value.
        c.loadErrors.removeIf([&](const ConfigError &e) { return e.key == f.key; });
    }
    return c;
}

void ConfigFieldForm::validate()
{
    m_errors.clear();
    m_otherErrors.clear();
    m_scheduleDescription.clear();
    QSet<ConfigKey> shown;
    for (const Field &f : std::as_const(m_fields)) {
        shown.insert(f.key);
        QString why;
        if (!parseConfigValue(f.key, f.edit->text(), &why).isValid())
            m_errors.insert(f.key, readable(QStringLiteral("%1 %2.").arg(f.name, why)));
    }
    const AppConfig c = editedConfig();
    for (const ConfigError &e : c.validate()) {
        if (!shown.contains(e.key))
            m_otherErrors.append(e.message);
        else if (!m_errors.contains(e.key))
            m_errors.insert(e.key, readable(e.message));
    }
    if (shown.contains(ConfigKey::Schedule) && !m_errors.contains(ConfigKey::Schedule)) {
        // The checker evaluates cron expressions in the system time zone (CheckerWorker::configure).
        QString why;
        if (const auto schedule = Schedule::parse(c.schedule, &why, QTimeZone::systemTimeZone())) {
            const QString zone = schedule->kind() == Schedule::Kind::Cron ? tr(" (local time)") : QString();
            m_scheduleDescription = tr("Runs %1%2.").arg(schedule->describe(), zone);
        } else {
            m_errors.insert(ConfigKey::Schedule, tr("The schedule is not valid: %1.").arg(why));
        }
    }
    for (const Field &f : std::as_const(m_fields)) {
        const QString message = m_errors.value(f.key);
        const bool invalid = !message.isEmpty() && f.speaks;
        f.error->setText(invalid ? message : QString());
        f.error->setVisible(invalid);
        f.edit->setProperty("invalid", invalid);
        f.edit->setStyleSheet(invalid ? QLatin1String(kInvalidStyle) : QString());
    }
    emit validated();
}

QString ConfigFieldForm::readable(QString message) const
{
    // "APPWRITE_ENDPOINT (settings key appwrite/endpoint) is not set." reads, next to the field
    // called "Endpoint", as "Endpoint is not set."
    for (const Field &f : m_fields)
        message.replace(configKeyLabel(f.key), f.name);
    if (!message.isEmpty())
        message[0] = message[0].toUpper();
    return message;
}

void ConfigFieldForm::revealAllErrors()
{
    for (Field &f : m_fields)
        f.speaks = true;
    validate();
}

bool ConfigFieldForm::hasVisibleErrors() const
{
    return std::any_of(m_fields.cbegin(), m_fields.cend(),
                       [this](const Field &f) { return f.speaks && m_errors.contains(f.key); });
}

int ConfigFieldForm::errorCount(int group) const
{
    int n = 0;
    for (const Field &f : m_fields)
        n += f.group == group && f.speaks && m_errors.contains(f.key) ? 1 : 0;
    return n;
}

bool ConfigFieldForm::hasErrorIn(const QList<ConfigKey> &keys) const
{
    for (ConfigKey k : keys) {
        if (m_errors.contains(k))
            return true;
    }
    return false;
}

} // namespace cc
