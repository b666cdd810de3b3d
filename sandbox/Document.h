#pragma once

#include "FieldValue.h"

#include <QStringList>
#include <array>
#include <vector>

namespace sandbox {

// Slots below zero address the system fields, so queries treat `$id` like any attribute.
enum SystemSlot { SlotId = -1, SlotCreatedAt = -2, SlotUpdatedAt = -3, SlotSequence = -4 };

struct Document
{
    std::array<FieldValue, 4> system; // $id, $createdAt, $updatedAt, $sequence
    QStringList permissions;
    std::vector<FieldValue> values; // by attribute slot; shorter vectors mean trailing nulls

    const QString &id() const { return system[0].text; }
    qint64 sequence() const { return system[3].integer; }

    const FieldValue &field(int slot) const
    {
        static const FieldValue null;
        if (slot < 0)
            return system[size_t(-slot - 1)];
        return size_t(slot) < values.size() ? values[size_t(slot)] : null;
    }
    void setField(int slot, const FieldValue &value)
    {
        if (size_t(slot) >= values.size())
            values.resize(size_t(slot) + 1);
        values[size_t(slot)] = value;
    }
};

} // namespace sandbox
