#include "SortRank.h"

#include <algorithm>
#include <iterator>

namespace cc {

void SortRank::set(qsizetype row, const QString &text)
{
    auto it = m_idByText.constFind(text);
    if (it == m_idByText.cend()) {
        const int id = static_cast<int>(m_texts.size());
        m_texts.append(text);
        m_pending.append(id);
        it = m_idByText.insert(text, id);
    }
    if (row == m_ids.size())
        m_ids.append(*it);
    else
        m_ids[row] = *it;
}

void SortRank::clear()
{
    m_ids.clear();
    m_texts.clear();
    m_idByText.clear();
    m_ordered.clear();
    m_rank.clear();
    m_pending.clear();
}

void SortRank::rank() const
{
    const auto less = [this](int a, int b) { return m_texts.at(a) < m_texts.at(b); };
    std::sort(m_pending.begin(), m_pending.end(), less);
    // Distinct values never compare equal, so a merge gives the one strict order.
    QList<int> ordered;
    ordered.reserve(m_ordered.size() + m_pending.size());
    auto from = m_ordered.cbegin();
    for (const int id : std::as_const(m_pending)) {
        const auto to = std::upper_bound(from, m_ordered.cend(), id, less);
        std::copy(from, to, std::back_inserter(ordered));
        ordered.append(id);
        from = to;
    }
    std::copy(from, m_ordered.cend(), std::back_inserter(ordered));
    m_ordered = std::move(ordered);
    m_pending.clear();
    m_rank.resize(m_texts.size());
    for (qsizetype i = 0; i < m_ordered.size(); ++i)
        m_rank[m_ordered.at(i)] = static_cast<int>(i);
}

} // namespace cc
