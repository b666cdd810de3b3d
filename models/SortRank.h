#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace cc {

// One text column of the learners table, sorted through integer ranks. Each distinct value is
// stored once and gets an id; each row holds the id of its value. The distinct values are ranked
// once in the column's order (QString's operator<, as given: LearnerTableModel passes lower-cased
// text), so comparing two rows is comparing two ints, where comparing the strings cost a full
// QString compare on every tie (Status has two values, course ids share long prefixes, names
// repeat). New distinct values are ranked lazily, at the next comparison: they are sorted among
// themselves and merged into the ranked values, one pass over the distinct values, never a
// re-sort of them all. Values no longer used by any row keep their id until clear().
class SortRank
{
public:
    // Sets the value of `row`; row == rowCount() appends.
    void set(qsizetype row, const QString &text);
    const QString &text(qsizetype row) const { return m_texts.at(m_ids.at(row)); }
    bool lessThan(qsizetype leftRow, qsizetype rightRow) const
    {
        if (!m_pending.isEmpty())
            rank();
        return m_rank.at(m_ids.at(leftRow)) < m_rank.at(m_ids.at(rightRow));
    }
    qsizetype rowCount() const { return m_ids.size(); }
    qsizetype distinctCount() const { return m_texts.size(); }
    void clear();

private:
    void rank() const;

    QList<int> m_ids;       // per row
    QList<QString> m_texts; // per id
    QHash<QString, int> m_idByText;
    mutable QList<int> m_ordered; // ranked ids, in order
    mutable QList<int> m_rank;    // per ranked id: its position in m_ordered
    mutable QList<int> m_pending; // ids not ranked yet
};

} // namespace cc
