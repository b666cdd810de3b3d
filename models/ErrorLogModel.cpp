#include "ErrorLogModel.h"

#include "ModelRoles.h"
#include "checker/CheckerWorker.h"

#include <QFont>
#include <QGuiApplication>
#include <QHash>
#include <QPalette>
#include <QSet>
#include <algorithm>

namespace cc {

struct ErrorLogModel::Cause
{
    QString key;
    QString service;
    QString errorType;
    QList<ErrorEntry> entries; // newest first; never empty while the cause is a row

    const QDateTime &newest() const { return entries.first().at; }
    int openCount() const
    {
        return int(
            std::count_if(entries.cbegin(), entries.cend(), [](const ErrorEntry &e) { return e.isOpen(); }));
    }
};

namespace {
bool newerFirst(const ErrorEntry &a, const ErrorEntry &b)
{
    if (a.at != b.at)
        return a.at > b.at;
    return a.id > b.id;
}

QString timeText(const QDateTime &at, bool withSeconds)
{
    const QDateTime local = at.toLocalTime();
    const QString time = local.toString(withSeconds ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    if (local.date() == QDate::currentDate())
        return time;
    return local.toString(QStringLiteral("yyyy-MM-dd ")) + time;
}

QString firstLine(const QString &text)
{
    const qsizetype end = text.indexOf(QLatin1Char('\n'));
    return end < 0 ? text : text.left(end);
}
} // namespace

ErrorLogModel::ErrorLogModel(QObject *parent) : QAbstractItemModel(parent) {}

ErrorLogModel::~ErrorLogModel() = default;

QModelIndex ErrorLogModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < int(m_causes.size()) ? createIndex(row, column, nullptr) : QModelIndex();
    if (parent.internalPointer() != nullptr || parent.column() != 0 || parent.row() >= int(m_causes.size()))
        return {}; // entries have no children, and only the first column of a cause has
    Cause *cause = m_causes.at(parent.row()).get();
    return row < cause->entries.size() ? createIndex(row, column, cause) : QModelIndex();
}

QModelIndex ErrorLogModel::parent(const QModelIndex &child) const
{
    const Cause *cause = causeOf(child);
    if (cause == nullptr)
        return {};
    return createIndex(rowOf(cause), 0, nullptr);
}

int ErrorLogModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_causes.size());
    if (parent.internalPointer() != nullptr || parent.column() != 0)
        return 0;
    return int(m_causes.at(parent.row())->entries.size());
}

int ErrorLogModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ErrorLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (const ErrorEntry *entry = entryAt(index))
        return entryData(*entry, index.column(), role);
    return causeData(*m_causes.at(index.row()), index.column(), role);
}

QVariant ErrorLogModel::causeData(const Cause &cause, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        if (column == TimeColumn)
            return causeSummary(createIndex(rowOf(&cause), 0, nullptr));
        return {};
    case Qt::ToolTipRole:
        return tr("%1 — first %2")
            .arg(causeSummary(createIndex(rowOf(&cause), 0, nullptr)),
                 timeText(cause.entries.last().at, true));
    case Qt::FontRole: {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    case Qt::ForegroundRole:
        if (cause.openCount() == 0)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case SortRole:
        return column == TimeColumn ? QVariant(cause.newest().toMSecsSinceEpoch()) : QVariant(cause.key);
    case CauseKeyRole:
        return cause.key;
    default:
        return {};
    }
}

QVariant ErrorLogModel::entryData(const ErrorEntry &entry, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case TimeColumn:
            return timeText(entry.at, true);
        case LearnerColumn: {
            if (entry.learnerId.isEmpty())
                return tr("(whole run)");
            const QString label = m_learnerLabel ? m_learnerLabel(entry.learnerId) : QString();
            return label.isEmpty() ? entry.learnerId : label;
        }
        case OperationColumn:
            return entry.operation;
        case HttpStatusColumn:
            return entry.httpStatus > 0 ? QString::number(entry.httpStatus) : tr("—");
        case MessageColumn:
            return entry.isOpen() ? firstLine(entry.message)
                                  : tr("Resolved %1 — %2")
                                        .arg(timeText(entry.resolvedAt, false), firstLine(entry.message));
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (!entry.isOpen()) // history: kept, but out of the way
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::ToolTipRole:
        if (column == MessageColumn)
            return entry.isOpen() ? entry.message
                                  : tr("Resolved at %1 by a later check that went through.\n%2")
                                        .arg(timeText(entry.resolvedAt, true), entry.message);
        if (column == TimeColumn)
            return entry.at.toLocalTime().toString(Qt::ISODateWithMs);
        if (column == LearnerColumn && !entry.learnerId.isEmpty())
            return tr("Learner ID: %1\nDouble-click to show the learner").arg(entry.learnerId);
        return {};
    case Qt::TextAlignmentRole:
        if (column == HttpStatusColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (column) {
        case TimeColumn:
            return entry.at.toMSecsSinceEpoch();
        case LearnerColumn:
            return entry.learnerId.toLower();
        case OperationColumn:
            return entry.operation.toLower();
        case HttpStatusColumn:
            return entry.httpStatus;
        case MessageColumn:
            return entry.message.toLower();
        default:
            return {};
        }
    case ErrorIdRole:
        return entry.id;
    case CauseKeyRole:
        return entry.causeKey();
    case LearnerIdRole:
        return entry.learnerId;
    default:
        return {};
    }
}

QVariant ErrorLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LearnerColumn:
        return tr("Learner");
    case OperationColumn:
        return tr("Operation");
    case HttpStatusColumn:
        return tr("HTTP");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

void ErrorLogModel::follow(const CheckerWorker *worker)
{
    connect(worker, &CheckerWorker::errorsLoaded, this, &ErrorLogModel::setErrors);
    connect(worker, &CheckerWorker::errorsLogged, this, &ErrorLogModel::addErrors);
    connect(worker, &CheckerWorker::errorsResolved, this, &ErrorLogModel::resolve);
    connect(worker, &CheckerWorker::errorsCleared, this, &ErrorLogModel::clear);
}

void ErrorLogModel::setErrors(const QList<ErrorEntry> &errors)
{
    beginResetModel();
    m_causes.clear();
    QHash<QString, Cause *> byKey;
    for (const ErrorEntry &e : errors) {
        const QString key = e.causeKey();
        Cause *&cause = byKey[key];
        if (cause == nullptr) {
            m_causes.push_back(std::make_unique<Cause>(Cause{key, e.service, e.errorType, {}}));
            cause = m_causes.back().get();
        }
        cause->entries.append(e);
    }
    for (auto &cause : m_causes)
        std::stable_sort(cause->entries.begin(), cause->entries.end(), newerFirst);
    std::stable_sort(m_causes.begin(), m_causes.end(),
                     [](const auto &a, const auto &b) { return a->newest() > b->newest(); });
    m_errorCount = int(errors.size());
    endResetModel();
    trimToMaximum();
    recountOpen();
    emit entriesChanged(true, false);
}

void ErrorLogModel::addErrors(const QList<ErrorEntry> &errors)
{
    if (errors.isEmpty())
        return;
    const bool wasEmpty = rowCount() == 0;
    // One batch per cause, in order of first appearance.
    QStringList keys;
    QHash<QString, QList<ErrorEntry>> batches;
    for (const ErrorEntry &e : errors) {
        const QString key = e.causeKey();
        auto it = batches.find(key);
        if (it == batches.end()) {
            keys << key;
            it = batches.insert(key, {});
        }
        it->append(e);
    }
    for (const QString &key : std::as_const(keys)) {
        QList<ErrorEntry> batch = batches.take(key);
        std::stable_sort(batch.begin(), batch.end(), newerFirst);
        const QModelIndex existing = causeIndex(key);
        if (existing.isValid()) {
            addToCause(m_causes.at(existing.row()).get(), batch);
            continue;
        }
        const int row = causeRowFor(batch.first().at);
        beginInsertRows({}, row, row);
        const ErrorEntry &first = batch.first();
        m_causes.insert(m_causes.begin() + row,
                        std::make_unique<Cause>(Cause{key, first.service, first.errorType, batch}));
        m_errorCount += int(batch.size());
        endInsertRows();
    }
    trimToMaximum();
    recountOpen();
    emit entriesChanged(false, wasEmpty);
}

void ErrorLogModel::addToCause(Cause *cause, QList<ErrorEntry> entries)
{
    const int causeRow = rowOf(cause);
    const QModelIndex parent = index(causeRow, 0);
    const int n = int(entries.size());
    if (!newerFirst(cause->entries.first(), entries.last())) {
        // The usual case: all newer than what the cause holds, so they go on top together.
        beginInsertRows(parent, 0, n - 1);
        entries.append(cause->entries);
        cause->entries = std::move(entries);
        m_errorCount += n;
        endInsertRows();
    } else if (!newerFirst(entries.first(), cause->entries.last())) {
        const int end = int(cause->entries.size());
        beginInsertRows(parent, end, end + n - 1);
        cause->entries.append(entries);
        m_errorCount += n;
        endInsertRows();
    } else {
        // Interleaved with what is there (late arrivals): each goes where its time belongs.
        for (const ErrorEntry &e : std::as_const(entries)) {
            const auto at = std::upper_bound(cause->entries.begin(), cause->entries.end(), e, newerFirst);
            const int row = int(at - cause->entries.begin());
            beginInsertRows(parent, row, row);
            cause->entries.insert(row, e);
            ++m_errorCount;
            endInsertRows();
        }
    }
    moveCauseIntoPlace(causeRow);
}

void ErrorLogModel::moveCauseIntoPlace(int row)
{
    const int target = causeRowFor(m_causes.at(row)->newest(), row);
    if (target == row)
        return;
    // beginMoveRows wants the destination row as counted before the move.
    const int destination = target < row ? target : target + 1;
    beginMoveRows({}, row, row, {}, destination);
    auto moving = std::move(m_causes[row]);
    m_causes.erase(m_causes.begin() + row);
    m_causes.insert(m_causes.begin() + target, std::move(moving));
    endMoveRows();
}

int ErrorLogModel::causeRowFor(const QDateTime &newest, int excludingRow) const
{
    int row = 0;
    for (int i = 0; i < int(m_causes.size()); ++i) {
        if (i != excludingRow && m_causes.at(i)->newest() >= newest)
            ++row;
    }
    return row;
}

void ErrorLogModel::clear()
{
    beginResetModel();
    m_causes.clear();
    m_errorCount = 0;
    m_openCount = 0;
    endResetModel();
    emit entriesChanged(true, false);
}

void ErrorLogModel::resolve(const ErrorResolution &resolution)
{
    if (resolution.isEmpty())
        return;
    bool changed = false;
    for (int row = 0; row < int(m_causes.size()); ++row) {
        Cause &cause = *m_causes[row];
        int first = -1;
        int last = -1;
        for (int i = 0; i < int(cause.entries.size()); ++i) {
            if (!resolution.resolves(cause.entries.at(i)))
                continue;
            cause.entries[i].resolvedAt = resolution.at;
            first = first < 0 ? i : first;
            last = i;
        }
        if (first < 0)
            continue;
        changed = true;
        const QModelIndex causeRow = index(row, 0);
        emit dataChanged(index(first, 0, causeRow), index(last, ColumnCount - 1, causeRow));
        emit dataChanged(causeRow, causeRow); // its summary counts open ones
    }
    if (!changed)
        return;
    recountOpen();
    emit entriesChanged(false, false);
}

std::optional<ErrorEntry>
ErrorLogModel::newestOpen(const std::function<bool(const ErrorEntry &)> &which) const
{
    std::optional<ErrorEntry> newest;
    for (const auto &cause : m_causes) {
        for (const ErrorEntry &e : cause->entries) { // newest first: the first match is the cause's newest
            if (e.isOpen() && which(e)) {
                if (!newest || newerFirst(e, *newest))
                    newest = e;
                break;
            }
        }
    }
    return newest;
}

void ErrorLogModel::recountOpen()
{
    int open = 0;
    for (const auto &cause : m_causes)
        open += cause->openCount();
    m_openCount = open;
}

void ErrorLogModel::setMaximumEntries(int entries)
{
    m_maximumEntries = std::max(1, entries);
    trimToMaximum();
    recountOpen();
}

void ErrorLogModel::trimToMaximum()
{
    const int excess = m_errorCount - m_maximumEntries;
    if (excess <= 0)
        return;
    // Find the `excess` oldest entries overall; each cause loses that many from its tail.
    std::vector<std::pair<QDateTime, Cause *>> all;
    all.reserve(m_errorCount);
    for (const auto &cause : m_causes) {
        for (const ErrorEntry &e : std::as_const(cause->entries))
            all.emplace_back(e.at, cause.get());
    }
    std::nth_element(all.begin(), all.begin() + (excess - 1), all.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QHash<Cause *, int> drop;
    for (int i = 0; i < excess; ++i)
        ++drop[all[i].second];
    QList<int> emptied;
    for (auto it = drop.cbegin(); it != drop.cend(); ++it) {
        Cause *cause = it.key();
        const int size = int(cause->entries.size());
        const int row = rowOf(cause);
        if (it.value() >= size) {
            emptied << row;
            continue;
        }
        beginRemoveRows(index(row, 0), size - it.value(), size - 1);
        cause->entries.resize(size - it.value());
        m_errorCount -= it.value();
        endRemoveRows();
    }
    std::sort(emptied.begin(), emptied.end(), std::greater<>());
    for (int row : std::as_const(emptied)) {
        beginRemoveRows({}, row, row);
        m_errorCount -= int(m_causes.at(row)->entries.size());
        m_causes.erase(m_causes.begin() + row);
        endRemoveRows();
    }
}

bool ErrorLogModel::isCause(const QModelIndex &index) const
{
    return index.isValid() && index.model() == this && index.internalPointer() == nullptr;
}

ErrorLogModel::Cause *ErrorLogModel::causeOf(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return static_cast<Cause *>(index.internalPointer());
}

const ErrorEntry *ErrorLogModel::entryAt(const QModelIndex &index) const
{
    const Cause *cause = causeOf(index);
    if (cause == nullptr || index.row() >= cause->entries.size())
        return nullptr;
    return &cause->entries.at(index.row());
}

QList<ErrorEntry> ErrorLogModel::entriesOf(const QModelIndex &index) const
{
    if (const ErrorEntry *entry = entryAt(index))
        return {*entry};
    if (isCause(index) && index.row() < int(m_causes.size()))
        return m_causes.at(index.row())->entries;
    return {};
}

QString ErrorLogModel::causeSummary(const QModelIndex &causeIndex) const
{
    if (!isCause(causeIndex) || causeIndex.row() >= int(m_causes.size()))
        return {};
    const Cause &cause = *m_causes.at(causeIndex.row());
    const int n = int(cause.entries.size());
    const int open = cause.openCount();
    const QString type = cause.errorType.isEmpty() ? tr("unknown error") : cause.errorType;
    QString count = n == 1 ? tr("1 error") : tr("%1 errors").arg(n);
    if (open == 0)
        count += tr(", resolved");
    else if (open < n)
        count = tr("%1 open of %2").arg(open).arg(n);
    return tr("%1 / %2 — %3, last %4").arg(cause.service, type, count, timeText(cause.newest(), false));
}

QModelIndex ErrorLogModel::causeIndex(const QString &causeKey) const
{
    for (int row = 0; row < int(m_causes.size()); ++row) {
        if (m_causes.at(row)->key == causeKey)
            return createIndex(row, 0, nullptr);
    }
    return {};
}

int ErrorLogModel::rowOf(const Cause *cause) const
{
    for (int row = 0; row < int(m_causes.size()); ++row) {
        if (m_causes.at(row).get() == cause)
            return row;
    }
    return -1;
}

QStringList ErrorLogModel::learnerIdsOf(const QModelIndexList &indexes) const
{
    QStringList ids;
    QSet<QString> seen;
    for (const QModelIndex &index : indexes) {
        for (const ErrorEntry &e : entriesOf(index.siblingAtColumn(0))) {
            if (!e.learnerId.isEmpty() && !seen.contains(e.learnerId)) {
                seen.insert(e.learnerId);
                ids << e.learnerId;
            }
        }
    }
    return ids;
}

} // namespace cc
