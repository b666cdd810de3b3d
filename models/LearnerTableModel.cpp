#include "LearnerTableModel.h"

#include "LearnerCellText.h"
#include "ModelRoles.h"
#include "checker/CheckerWorker.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>
#include <algorithm>
#include <bit>
#include <cmath>

namespace cc {

void LearnerTableModel::ColumnKeys::put(qsizetype row, const Keys &keys)
{
    const auto store = [row](auto &list, const auto &value) {
        if (row == list.size())
            list.append(value);
        else
            list[row] = value;
    };
    name.set(row, keys.name);
    email.set(row, keys.email);
    course.set(row, keys.course);
    status.set(row, keys.status);
    store(progress, keys.progress);
    store(lastCheck, keys.lastCheck);
    store(outcome, keys.outcome);
}

LearnerTableModel::LearnerTableModel(QObject *parent) : QAbstractTableModel(parent) {}

QModelIndex LearnerTableModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= m_rows.size() || column >= ColumnCount)
        return {};
    return createIndex(row, column);
}

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
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        return toolTipData(row, index.column());
    case Qt::TextAlignmentRole:
        return QVariant::fromValue((index.column() == ProgressColumn ? Qt::AlignRight : Qt::AlignLeft) |
                                   Qt::AlignVCenter);
    case Qt::ForegroundRole:
        return foregroundData(row, index.column());
    case Qt::DecorationRole:
        if (index.column() == OutcomeColumn && m_keys.outcome.at(row) >= 0)
            return outcomeIcon(m_keys.outcome.at(row));
        return {};
    case SortRole:
        return sortData(row, index.column());
    case LearnerIdRole:
        return m_rows.at(row).learner.id;
    case OutcomeRole:
        return m_keys.outcome.at(row);
    case StatusRole:
        return m_rows.at(row).learner.status;
    default:
        return {};
    }
}

QVariant LearnerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[ColumnCount] = {
        QT_TR_NOOP("Name"),     QT_TR_NOOP("E-mail"),     QT_TR_NOOP("Course"),      QT_TR_NOOP("Status"),
        QT_TR_NOOP("Progress"), QT_TR_NOOP("Last check"), QT_TR_NOOP("Last outcome")};
    static const char *const tips[ColumnCount] = {
        nullptr,
        nullptr,
        QT_TR_NOOP("The Graphy course (product) id the learner is enrolled in"),
        QT_TR_NOOP("The learner's status in Appwrite"),
        QT_TR_NOOP("Course progress Graphy reported at the latest check"),
        QT_TR_NOOP("When the learner's completion was last checked (local time)"),
        QT_TR_NOOP("What the latest check concluded")};
    if (role == Qt::DisplayRole)
        return tr(titles[section]);
    if (role == Qt::ToolTipRole && tips[section])
        return tr(tips[section]);
    if (role == Qt::TextAlignmentRole && section == ProgressColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return QAbstractTableModel::headerData(section, orientation, role);
}

void LearnerTableModel::follow(const CheckerWorker *worker)
{
    connect(worker, &CheckerWorker::learnersLoaded, this, &LearnerTableModel::loadChunk);
    connect(worker, &CheckerWorker::learnersChecked, this, &LearnerTableModel::applyChanges);
    connect(worker, &CheckerWorker::stuckLearnersChanged, this, &LearnerTableModel::setStuck);
}

void LearnerTableModel::setStuck(const QStringList &learnerIds)
{
    const QSet<QString> stuck(learnerIds.cbegin(), learnerIds.cend());
    if (stuck == m_stuck)
        return;
    const QSet<QString> touched = (stuck - m_stuck) | (m_stuck - stuck);
    m_stuck = stuck;
    for (const QString &id : touched) {
        const int row = rowForLearner(id);
        if (row >= 0)
            emit dataChanged(index(row, OutcomeColumn), index(row, OutcomeColumn));
    }
    emit stuckChanged(stuckCount());
}

void LearnerTableModel::loadChunk(const QList<CheckedLearner> &rows, bool last)
{
    if (!last && !m_loading) {
        m_loading = true;
        emit loadingChanged(true);
    }
    appendRows(rows);
    if (last && m_loading) {
        m_loading = false;
        emit loadingChanged(false);
    }
}

void LearnerTableModel::appendRows(const QList<CheckedLearner> &rows)
{
    // Learners already known are updates, not new rows; applyChanges sorts that out.
    applyChanges(rows);
}

void LearnerTableModel::applyChanges(const QList<CheckedLearner> &rows)
{
    if (rows.isEmpty())
        return;
    // One entry per learner: a learner twice in a batch is merged in order.
    QList<CheckedLearner> unique;
    QHash<QString, qsizetype> position;
    for (const CheckedLearner &incoming : rows) {
        if (incoming.isDryRun())
            continue; // changed nothing: the row stays as it is
        const auto it = position.constFind(incoming.learner.id);
        if (it == position.cend()) {
            position.insert(incoming.learner.id, unique.size());
            unique.append(incoming);
        } else {
            unique[*it] = merged(unique.at(*it), incoming);
        }
    }

    struct Update
    {
        int row;
        Entry entry;
    };
    QList<Update> updates;
    QList<Entry> additions;
    QList<int> changedRows; // rows whose visible values changed; others are stored silently
    unsigned columns = 0;   // changed columns, as bits
    for (const CheckedLearner &incoming : std::as_const(unique)) {
        const int row = m_rowById.value(incoming.learner.id, -1);
        if (row < 0) {
            additions.append(makeEntry(incoming));
            continue;
        }
        Entry entry = makeEntry(merged(m_rows.at(row), incoming));
        if (const unsigned changed = changedColumns(row, entry)) {
            columns |= changed;
            changedRows.append(row);
        }
        updates.append({row, std::move(entry)});
    }
    const int firstColumn = columns ? std::countr_zero(columns) : -1;
    const int lastColumn = columns ? 31 - std::countl_zero(columns) : -1;
    emit changesAboutToBeApplied(static_cast<int>(changedRows.size()), static_cast<int>(additions.size()),
                                 firstColumn, lastColumn);

    for (Update &update : updates) {
        m_keys.put(update.row, update.entry.keys);
        m_rows[update.row] = std::move(update.entry.row);
    }
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
        for (Entry &entry : additions) {
            m_rowById.insert(entry.row.learner.id, static_cast<int>(m_rows.size()));
            m_keys.put(m_rows.size(), entry.keys);
            m_rows.append(std::move(entry.row));
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
    m_keys = ColumnKeys();
    m_rowById.clear();
    endResetModel();
}

int LearnerTableModel::rowForLearner(const QString &learnerId) const
{
    return m_rowById.value(learnerId, -1);
}

const SortRank *LearnerTableModel::textColumn(int column) const
{
    switch (column) {
    case NameColumn:
        return &m_keys.name;
    case EmailColumn:
        return &m_keys.email;
    case CourseColumn:
        return &m_keys.course;
    case StatusColumn:
        return &m_keys.status;
    default:
        return nullptr;
    }
}

bool LearnerTableModel::lessThan(int leftRow, int rightRow, int column) const
{
    if (const SortRank *texts = textColumn(column))
        return texts->lessThan(leftRow, rightRow);
    const auto less = [=](const auto &list) { return list.at(leftRow) < list.at(rightRow); };
    if (column == ProgressColumn)
        return less(m_keys.progress);
    if (column == LastCheckColumn)
        return less(m_keys.lastCheck);
    return column == OutcomeColumn && less(m_keys.outcome);
}

QString LearnerTableModel::courseText(const CheckedLearner &row)
{
    if (row.latestCheck && !row.latestCheck->courseTitle.isEmpty())
        return row.latestCheck->courseTitle;
    return row.learner.courseId;
}

bool LearnerTableModel::rowContains(int row, const QString &lowerNeedle) const
{
    // The document ID too, as the Errors tab and check results name learners by it.
    return m_keys.name.text(row).contains(lowerNeedle) || m_keys.email.text(row).contains(lowerNeedle) ||
           m_keys.course.text(row).contains(lowerNeedle) ||
           m_rows.at(row).learner.courseId.contains(lowerNeedle, Qt::CaseInsensitive) ||
           m_rows.at(row).learner.id.contains(lowerNeedle, Qt::CaseInsensitive);
}

LearnerTableModel::Entry LearnerTableModel::makeEntry(const CheckedLearner &row)
{
    Entry e{row, {}};
    e.keys.name = row.learner.name.toLower();
    e.keys.email = row.learner.email.toLower();
    e.keys.course = courseText(row).toLower();
    e.keys.status = row.learner.status.toLower();
    if (row.latestCheck) {
        e.keys.progress = row.latestCheck->progress < 0 ? -1 : row.latestCheck->progress;
        e.keys.outcome = static_cast<int>(row.latestCheck->outcome);
    }
    const QDateTime last = LearnerCellText::lastCheckTime(row);
    e.keys.lastCheck = last.isValid() ? last.toMSecsSinceEpoch() : -1;
    return e;
}

CheckedLearner LearnerTableModel::merged(const CheckedLearner &current, const CheckedLearner &incoming)
{
    CheckedLearner result = incoming;
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

unsigned LearnerTableModel::changedColumns(int row, const Entry &after) const
{
    const CheckedLearner &before = m_rows.at(row);
    const LearnerRecord &a = before.learner;
    const LearnerRecord &b = after.row.learner;
    const CheckResult none;
    const CheckResult &ca = before.latestCheck ? *before.latestCheck : none;
    const CheckResult &cb = after.row.latestCheck ? *after.row.latestCheck : none;
    const bool changed[ColumnCount] = {
        a.name != b.name,
        a.email != b.email,
        a.courseId != b.courseId,
        a.status != b.status || a.completedAt != b.completedAt,
        m_keys.progress.at(row) != after.keys.progress || ca.itemsTotal != cb.itemsTotal ||
            ca.itemsCompleted != cb.itemsCompleted,
        m_keys.lastCheck.at(row) != after.keys.lastCheck,
        m_keys.outcome.at(row) != after.keys.outcome || ca.detail != cb.detail,
    };
    unsigned bits = 0;
    for (int column = 0; column < ColumnCount; ++column)
        bits |= changed[column] ? 1u << column : 0u;
    return bits;
}

QVariant LearnerTableModel::displayData(int row, int column) const
{
    const LearnerRecord &l = m_rows.at(row).learner;
    switch (column) {
    case NameColumn:
        return l.name.isEmpty() ? QStringLiteral("—") : l.name;
    case EmailColumn:
        return l.email;
    case CourseColumn:
        return courseText(m_rows.at(row));
    case StatusColumn:
        return LearnerCellText::statusText(l.status);
    case ProgressColumn: {
        const std::optional<CheckResult> &check = m_rows.at(row).latestCheck;
        return LearnerCellText::progressText(m_keys.progress.at(row), check ? check->itemsCompleted : -1,
                                             check ? check->itemsTotal : -1);
    }
    case LastCheckColumn:
        return LearnerCellText::lastCheckText(LearnerCellText::lastCheckTime(m_rows.at(row)),
                                              QDateTime::currentDateTime());
    case OutcomeColumn:
        if (m_keys.outcome.at(row) < 0)
            return QStringLiteral("—");
        if (isStuck(row))
            return tr("Stuck — failing every check");
        return LearnerCellText::outcomeText(static_cast<LearnerOutcome>(m_keys.outcome.at(row)));
    default:
        return {};
    }
}

QVariant LearnerTableModel::toolTipData(int row, int column) const
{
    const LearnerRecord &l = m_rows.at(row).learner;
    const std::optional<CheckResult> &check = m_rows.at(row).latestCheck;
    switch (column) {
    case NameColumn:
    case EmailColumn:
        return tr("%1 <%2>\nLearner ID: %3").arg(l.name.isEmpty() ? tr("(no name)") : l.name, l.email, l.id);
    case CourseColumn: {
        const std::optional<CheckResult> &c = m_rows.at(row).latestCheck;
        if (c && !c->courseTitle.isEmpty())
            return tr("%1\nGraphy course ID: %2").arg(c->courseTitle, l.courseId);
        return tr("Graphy course ID: %1 (its title shows after the first check)").arg(l.courseId);
    }
    case StatusColumn:
        if (l.completedAt.isValid())
            return tr("Completed on %1")
                .arg(QLocale().toString(l.completedAt.toLocalTime(), QLocale::LongFormat));
        return tr("Status in Appwrite: %1").arg(l.status);
    case ProgressColumn:
        return LearnerCellText::progressToolTip(m_keys.progress.at(row), check ? check->itemsCompleted : -1,
                                                check ? check->itemsTotal : -1);
    case LastCheckColumn: {
        const QDateTime when = LearnerCellText::lastCheckTime(m_rows.at(row));
        if (!when.isValid())
            return tr("Never checked; the next run checks never-checked learners first");
        return QLocale().toString(when.toLocalTime(), QLocale::LongFormat);
    }
    case OutcomeColumn:
        if (!check)
            return tr("Not checked yet");
        if (!check->detail.isEmpty())
            return check->detail;
        return LearnerCellText::outcomeText(check->outcome);
    default:
        return {};
    }
}

QVariant LearnerTableModel::sortData(int row, int column) const
{
    if (const SortRank *texts = textColumn(column))
        return texts->text(row);
    if (column == ProgressColumn)
        return m_keys.progress.at(row);
    if (column == LastCheckColumn)
        return m_keys.lastCheck.at(row);
    if (column == OutcomeColumn)
        return m_keys.outcome.at(row);
    return {};
}

QVariant LearnerTableModel::foregroundData(int row, int column) const
{
    const int outcome = m_keys.outcome.at(row);
    if (column == OutcomeColumn && outcome >= 0) {
        // Only the outcomes an operator acts on get coloured text; the dot carries the rest.
        const auto o = static_cast<LearnerOutcome>(outcome);
        if (o == LearnerOutcome::Failed || o == LearnerOutcome::Completed)
            return LearnerCellText::outcomeColor(static_cast<LearnerOutcome>(outcome),
                                                 LearnerCellText::paletteIsDark());
        return {};
    }
    const bool placeholder = (column == OutcomeColumn && outcome < 0) ||
                             (column == ProgressColumn && m_keys.progress.at(row) < 0) ||
                             (column == LastCheckColumn && m_keys.lastCheck.at(row) < 0);
    if (placeholder)
        return QGuiApplication::palette().color(QPalette::PlaceholderText);
    return {};
}

QIcon LearnerTableModel::outcomeIcon(int outcome) const
{
    if (outcome < 0 || outcome >= static_cast<int>(m_icons.size()) || !qGuiApp)
        return {};
    const bool dark = LearnerCellText::paletteIsDark();
    if (dark != m_iconsForDarkPalette) {
        m_icons.fill(QIcon());
        m_iconsForDarkPalette = dark;
    }
    QIcon &icon = m_icons[outcome];
    if (icon.isNull())
        icon = LearnerCellText::outcomeDot(static_cast<LearnerOutcome>(outcome), dark);
    return icon;
}

} // namespace cc
