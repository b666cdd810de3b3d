#include "LearnerTableModel.h"

#include "ModelRoles.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <algorithm>
#include <bit>
#include <cmath>

namespace cc {

namespace {

constexpr unsigned columnBit(int column)
{
    return 1u << column;
}

bool paletteIsDark()
{
    return QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
}

// Outcome colours that keep their contrast on light and dark palettes.
QColor outcomeColor(int outcome, bool dark)
{
    switch (static_cast<LearnerOutcome>(outcome)) {
    case LearnerOutcome::Completed:
    case LearnerOutcome::AlreadyRecorded:
        return dark ? QColor(0x81, 0xc9, 0x95) : QColor(0x1b, 0x7f, 0x3b);
    case LearnerOutcome::InProgress:
        return dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x1a, 0x5f, 0xb4);
    case LearnerOutcome::UnknownToGraphy:
    case LearnerOutcome::NotInCourse:
        return dark ? QColor(0xf6, 0xc6, 0x67) : QColor(0x9a, 0x62, 0x00);
    case LearnerOutcome::Failed:
        return dark ? QColor(0xf2, 0x8b, 0x82) : QColor(0xb3, 0x26, 0x1e);
    }
    return {};
}

} // namespace

LearnerTableModel::LearnerTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int LearnerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int LearnerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LearnerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &entry = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(entry, index.column());
    case Qt::ToolTipRole:
        return toolTipData(entry, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == ProgressColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        return outcomeForeground(entry, index.column());
    case Qt::DecorationRole:
        if (index.column() == OutcomeColumn && entry.outcome >= 0)
            return outcomeIcon(entry.outcome);
        return {};
    case SortRole:
        return sortData(entry, index.column());
    case LearnerIdRole:
        return entry.row.learner.id;
    case OutcomeRole:
        return entry.outcome;
    case StatusRole:
        return entry.row.learner.status;
    default:
        return {};
    }
}

QVariant LearnerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        static const char *const titles[ColumnCount] = {"Name",     "E-mail",     "Course",      "Status",
                                                        "Progress", "Last check", "Last outcome"};
        return tr(titles[section]);
    }
    if (role == Qt::TextAlignmentRole && section == ProgressColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CourseColumn:
            return tr("The Graphy course (product) id the learner is enrolled in");
        case StatusColumn:
            return tr("The learner's status in Appwrite");
        case ProgressColumn:
            return tr("Course progress Graphy reported at the latest check");
        case LastCheckColumn:
            return tr("When the learner's completion was last checked (local time)");
        case OutcomeColumn:
            return tr("What the latest check concluded");
        default:
            return {};
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

void LearnerTableModel::appendRows(const QList<LearnerRow> &rows)
{
    // Learners already known are updates, not new rows; applyChanges sorts that out.
    applyChanges(rows);
}

void LearnerTableModel::applyChanges(const QList<LearnerRow> &rows)
{
    if (rows.isEmpty())
        return;
    struct Update
    {
        int row;
        Entry entry;
        unsigned columns; // changed columns, as bits
    };
    QList<Update> updates;
    QHash<int, qsizetype> updateIndex; // a learner twice in one batch: merged in order
    QList<Entry> additions;
    QHash<QString, int> additionIndex;
    for (const LearnerRow &incoming : rows) {
        const QString &id = incoming.learner.id;
        if (const auto it = m_rowById.constFind(id); it != m_rowById.cend()) {
            const Entry &current = m_rows.at(*it);
            if (const auto seen = updateIndex.constFind(*it); seen != updateIndex.cend()) {
                Update &update = updates[*seen];
                update.entry = makeEntry(merged(update.entry.row, incoming));
                update.columns = changedColumns(current, update.entry);
            } else {
                Entry entry = makeEntry(merged(current.row, incoming));
                const unsigned changed = changedColumns(current, entry);
                updateIndex.insert(*it, updates.size());
                updates.append({*it, std::move(entry), changed});
            }
        } else if (const auto added = additionIndex.constFind(id); added != additionIndex.cend()) {
            additions[*added] = makeEntry(merged(additions.at(*added).row, incoming));
        } else {
            additionIndex.insert(id, static_cast<int>(additions.size()));
            additions.append(makeEntry(incoming));
        }
    }

    unsigned columns = 0;
    for (const Update &update : std::as_const(updates))
        columns |= update.columns;
    const int firstColumn = columns ? std::countr_zero(columns) : -1;
    const int lastColumn = columns ? 31 - std::countl_zero(columns) : -1;
    // Rows whose visible values did not change are stored but not announced.
    QList<int> changedRows;
    changedRows.reserve(updates.size());
    for (const Update &update : std::as_const(updates)) {
        if (update.columns != 0)
            changedRows.append(update.row);
    }
    emit changesAboutToBeApplied(static_cast<int>(changedRows.size()), static_cast<int>(additions.size()),
                                 firstColumn, lastColumn);

    for (Update &update : updates)
        m_rows[update.row] = std::move(update.entry);
    std::sort(changedRows.begin(), changedRows.end());
    for (qsizetype i = 0; i < changedRows.size();) {
        qsizetype j = i;
        while (j + 1 < changedRows.size() && changedRows.at(j + 1) == changedRows.at(j) + 1)
            ++j;
        emit dataChanged(index(changedRows.at(i), firstColumn), index(changedRows.at(j), lastColumn));
        i = j + 1;
    }

    if (!additions.isEmpty()) {
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(additions.size()) - 1);
        m_rows.reserve(m_rows.size() + additions.size());
        m_rowById.reserve(m_rows.size() + additions.size());
        for (Entry &entry : additions) {
            m_rowById.insert(entry.row.learner.id, static_cast<int>(m_rows.size()));
            m_rows.append(std::move(entry));
        }
        endInsertRows();
    }
    emit changesApplied();
}

void LearnerTableModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    endResetModel();
}

int LearnerTableModel::rowForLearner(const QString &learnerId) const
{
    return m_rowById.value(learnerId, -1);
}

bool LearnerTableModel::lessThan(int leftRow, int rightRow, int column) const
{
    const Entry &l = m_rows.at(leftRow);
    const Entry &r = m_rows.at(rightRow);
    switch (column) {
    case NameColumn:
        return l.nameKey < r.nameKey;
    case EmailColumn:
        return l.emailKey < r.emailKey;
    case CourseColumn:
        return l.courseKey < r.courseKey;
    case StatusColumn:
        return l.statusKey < r.statusKey;
    case ProgressColumn:
        return l.progress < r.progress;
    case LastCheckColumn:
        return l.lastCheckMsecs < r.lastCheckMsecs;
    case OutcomeColumn:
        return l.outcome < r.outcome;
    default:
        return false;
    }
}

bool LearnerTableModel::rowContains(int row, const QString &lowerNeedle) const
{
    const Entry &e = m_rows.at(row);
    return e.nameKey.contains(lowerNeedle) || e.emailKey.contains(lowerNeedle) ||
           e.courseKey.contains(lowerNeedle);
}

QString LearnerTableModel::outcomeText(LearnerOutcome outcome)
{
    switch (outcome) {
    case LearnerOutcome::Completed:
        return tr("Completed");
    case LearnerOutcome::AlreadyRecorded:
        return tr("Already recorded");
    case LearnerOutcome::InProgress:
        return tr("In progress");
    case LearnerOutcome::UnknownToGraphy:
        return tr("Unknown to Graphy");
    case LearnerOutcome::NotInCourse:
        return tr("Not in course");
    case LearnerOutcome::Failed:
        return tr("Failed");
    }
    return tr("Failed");
}

QString LearnerTableModel::statusText(const QString &status)
{
    if (status.isEmpty())
        return QStringLiteral("—");
    return status.at(0).toUpper() + status.mid(1).replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString LearnerTableModel::progressText(double percent)
{
    if (percent < 0)
        return QStringLiteral("—");
    return tr("%1 %").arg(QLocale().toString(percent, 'f', percent == std::floor(percent) ? 0 : 1));
}

QString LearnerTableModel::lastCheckText(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return tr("never");
    const QLocale locale;
    const QDateTime local = when.toLocalTime();
    const QDate today = now.toLocalTime().date();
    const QString time = locale.toString(local.time(), QLocale::ShortFormat);
    if (local.date() == today)
        return tr("Today, %1").arg(time);
    if (local.date() == today.addDays(-1))
        return tr("Yesterday, %1").arg(time);
    if (local.date().year() == today.year())
        return tr("%1, %2").arg(locale.toString(local.date(), QStringLiteral("d MMM")), time);
    return locale.toString(local.date(), QStringLiteral("d MMM yyyy"));
}

QDateTime LearnerTableModel::lastCheckTime(const LearnerRow &row)
{
    if (row.latestCheck && row.latestCheck->checkedAt.isValid())
        return row.latestCheck->checkedAt;
    return row.learner.lastCompletionCheck;
}

LearnerTableModel::Entry LearnerTableModel::makeEntry(const LearnerRow &row)
{
    Entry e;
    e.row = row;
    e.nameKey = row.learner.name.toLower();
    e.emailKey = row.learner.email.toLower();
    e.courseKey = row.learner.courseId.toLower();
    e.statusKey = row.learner.status.toLower();
    if (row.latestCheck) {
        e.progress = row.latestCheck->progress < 0 ? -1 : row.latestCheck->progress;
        e.outcome = static_cast<int>(row.latestCheck->outcome);
    }
    const QDateTime last = lastCheckTime(row);
    e.lastCheckMsecs = last.isValid() ? last.toMSecsSinceEpoch() : -1;
    return e;
}

LearnerRow LearnerTableModel::merged(const LearnerRow &current, const LearnerRow &incoming)
{
    LearnerRow result = incoming;
    if (current.latestCheck) {
        const bool keepCurrent =
            !incoming.latestCheck ||
            (current.latestCheck->checkedAt.isValid() && incoming.latestCheck->checkedAt.isValid() &&
             incoming.latestCheck->checkedAt < current.latestCheck->checkedAt);
        if (keepCurrent)
            result.latestCheck = current.latestCheck;
    }
    return result;
}

unsigned LearnerTableModel::changedColumns(const Entry &before, const Entry &after)
{
    const LearnerRecord &a = before.row.learner;
    const LearnerRecord &b = after.row.learner;
    const CheckResult none;
    const CheckResult &ca = before.row.latestCheck ? *before.row.latestCheck : none;
    const CheckResult &cb = after.row.latestCheck ? *after.row.latestCheck : none;
    unsigned bits = 0;
    if (a.name != b.name)
        bits |= columnBit(NameColumn);
    if (a.email != b.email)
        bits |= columnBit(EmailColumn);
    if (a.courseId != b.courseId)
        bits |= columnBit(CourseColumn);
    if (a.status != b.status || a.completedAt != b.completedAt)
        bits |= columnBit(StatusColumn);
    if (before.progress != after.progress || ca.itemsTotal != cb.itemsTotal ||
        ca.itemsCompleted != cb.itemsCompleted)
        bits |= columnBit(ProgressColumn);
    if (before.lastCheckMsecs != after.lastCheckMsecs)
        bits |= columnBit(LastCheckColumn);
    if (before.outcome != after.outcome || ca.detail != cb.detail)
        bits |= columnBit(OutcomeColumn);
    return bits;
}

QVariant LearnerTableModel::displayData(const Entry &entry, int column) const
{
    const LearnerRecord &l = entry.row.learner;
    switch (column) {
    case NameColumn:
        return l.name.isEmpty() ? QStringLiteral("—") : l.name;
    case EmailColumn:
        return l.email;
    case CourseColumn:
        return l.courseId;
    case StatusColumn:
        return statusText(l.status);
    case ProgressColumn:
        return progressText(entry.progress);
    case LastCheckColumn:
        return lastCheckText(lastCheckTime(entry.row), QDateTime::currentDateTime());
    case OutcomeColumn:
        return entry.outcome < 0 ? QStringLiteral("—")
                                 : outcomeText(static_cast<LearnerOutcome>(entry.outcome));
    default:
        return {};
    }
}

QVariant LearnerTableModel::toolTipData(const Entry &entry, int column) const
{
    const LearnerRecord &l = entry.row.learner;
    const std::optional<CheckResult> &check = entry.row.latestCheck;
    switch (column) {
    case NameColumn:
    case EmailColumn:
        return tr("%1 <%2>\nLearner ID: %3").arg(l.name.isEmpty() ? tr("(no name)") : l.name, l.email, l.id);
    case CourseColumn:
        return tr("Graphy course id: %1").arg(l.courseId);
    case StatusColumn:
        if (l.completedAt.isValid())
            return tr("Completed on %1")
                .arg(QLocale().toString(l.completedAt.toLocalTime(), QLocale::LongFormat));
        return tr("Status in Appwrite: %1").arg(l.status);
    case ProgressColumn:
        if (check && check->itemsTotal >= 0 && check->itemsCompleted >= 0)
            return tr("%1 of %2 course items completed").arg(check->itemsCompleted).arg(check->itemsTotal);
        return entry.progress < 0 ? tr("Progress unknown: not checked yet, or Graphy did not say")
                                  : QVariant();
    case LastCheckColumn: {
        const QDateTime when = lastCheckTime(entry.row);
        if (!when.isValid())
            return tr("Never checked; the next run checks never-checked learners first");
        return QLocale().toString(when.toLocalTime(), QLocale::LongFormat);
    }
    case OutcomeColumn:
        if (!check)
            return tr("Not checked yet");
        if (!check->detail.isEmpty())
            return check->detail;
        return outcomeText(check->outcome);
    default:
        return {};
    }
}

QVariant LearnerTableModel::sortData(const Entry &entry, int column) const
{
    switch (column) {
    case NameColumn:
        return entry.nameKey;
    case EmailColumn:
        return entry.emailKey;
    case CourseColumn:
        return entry.courseKey;
    case StatusColumn:
        return entry.statusKey;
    case ProgressColumn:
        return entry.progress;
    case LastCheckColumn:
        return entry.lastCheckMsecs;
    case OutcomeColumn:
        return entry.outcome;
    default:
        return {};
    }
}

QVariant LearnerTableModel::outcomeForeground(const Entry &entry, int column) const
{
    if (column == OutcomeColumn && entry.outcome >= 0) {
        const auto outcome = static_cast<LearnerOutcome>(entry.outcome);
        // Only the outcomes an operator acts on get coloured text; the dot carries the rest.
        if (outcome == LearnerOutcome::Failed || outcome == LearnerOutcome::Completed)
            return outcomeColor(entry.outcome, paletteIsDark());
        return {};
    }
    const bool placeholder = (column == OutcomeColumn && entry.outcome < 0) ||
                             (column == ProgressColumn && entry.progress < 0) ||
                             (column == LastCheckColumn && entry.lastCheckMsecs < 0);
    if (placeholder)
        return QGuiApplication::palette().color(QPalette::PlaceholderText);
    return {};
}

QIcon LearnerTableModel::outcomeIcon(int outcome) const
{
    if (outcome < 0 || outcome >= static_cast<int>(m_icons.size()) || !qGuiApp)
        return {};
    const bool dark = paletteIsDark();
    if (dark != m_iconsForDarkPalette) {
        m_icons.fill(QIcon());
        m_iconsForDarkPalette = dark;
    }
    QIcon &icon = m_icons[outcome];
    if (icon.isNull()) {
        const qreal ratio = qGuiApp->devicePixelRatio();
        QPixmap pixmap(QSize(12, 12) * ratio);
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(outcomeColor(outcome, dark));
        painter.drawEllipse(QRectF(2, 2, 8, 8));
        painter.end();
        icon = QIcon(pixmap);
    }
    return icon;
}

} // namespace cc
