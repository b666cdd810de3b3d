#include "Collection.h"

#include "IsoTime.h"

#include <QJsonArray>
#include <cmath>

namespace sandbox {

Collection::Collection(const QString &databaseId, const QString &id, const QString &name, qint64 createdAt)
    : m_databaseId(databaseId), m_id(id), m_name(name), m_createdAt(createdAt), m_updatedAt(createdAt)
{}

SchemaItem *Collection::attribute(const QString &key)
{
    for (auto &a : m_attributes) {
        if (a.key == key)
            return &a;
    }
    return nullptr;
}

SchemaItem *Collection::index(const QString &key)
{
    for (auto &i : m_indexes) {
        if (i.key == key)
            return &i;
    }
    return nullptr;
}

void Collection::addAttribute(const SchemaItem &attribute)
{
    m_attributes.append(attribute);
}

void Collection::addIndex(const SchemaItem &index)
{
    m_indexes.append(index);
    rebuildUnique();
}

void Collection::removeAttribute(const QString &key)
{
    m_attributes.removeIf([&](const SchemaItem &a) { return a.key == key; });
    m_indexes.removeIf([&](const SchemaItem &i) { return i.attributes.contains(key); });
    rebuildUnique();
}

void Collection::removeIndex(const QString &key)
{
    m_indexes.removeIf([&](const SchemaItem &i) { return i.key == key; });
    rebuildUnique();
}

int Collection::slotOf(const QString &key, qint64 now) const
{
    if (key.startsWith(QLatin1Char('$'))) {
        if (key == QLatin1String("$id"))
            return SlotId;
        if (key == QLatin1String("$createdAt"))
            return SlotCreatedAt;
        if (key == QLatin1String("$updatedAt"))
            return SlotUpdatedAt;
        if (key == QLatin1String("$sequence"))
            return SlotSequence;
        return kUnknownSlot;
    }
    for (int i = 0; i < m_attributes.size(); ++i) {
        if (m_attributes[i].key == key)
            return m_attributes[i].isAvailable(now) ? i : kUnknownSlot;
    }
    return kUnknownSlot;
}

const SchemaItem *Collection::attributeAt(int slot) const
{
    return slot >= 0 && slot < m_attributes.size() ? &m_attributes[slot] : nullptr;
}

static QString structureError(const QString &detail)
{
    return QStringLiteral("Invalid document structure: ") + detail;
}

static bool convertValue(const SchemaItem &a, const QJsonValue &v, FieldValue *out, QString *error)
{
    const QString prefix = QStringLiteral("Attribute \"%1\" has invalid type. ").arg(a.key);
    if (a.isText()) {
        if (!v.isString() || v.toString().size() > a.size) {
            *error = prefix +
                     QStringLiteral("Value must be a valid string and no longer than %1 chars").arg(a.size);
            return false;
        }
        *out = FieldValue::ofString(v.toString());
    } else if (a.type == QLatin1String("integer")) {
        const double d = v.toDouble();
        if (!v.isDouble() || std::floor(d) != d) {
            *error = prefix + QStringLiteral("Value must be a valid integer");
            return false;
        }
        if (a.hasRange && (qint64(d) < a.min || qint64(d) > a.max)) {
            *error = prefix +
                     QStringLiteral("Value must be a valid range between %1 and %2").arg(a.min).arg(a.max);
            return false;
        }
        *out = FieldValue::ofInteger(qint64(d));
    } else if (a.type == QLatin1String("datetime")) {
        qint64 ms = 0;
        if (!v.isString() || !IsoTime::parse(v.toString(), &ms)) {
            *error = prefix + QStringLiteral("Value must be valid date between 0000-01-01 and 9999-12-31.");
            return false;
        }
        *out = FieldValue::ofDateTime(ms);
    } else if (a.type == QLatin1String("boolean")) {
        if (!v.isBool()) {
            *error = prefix + QStringLiteral("Value must be a valid boolean");
            return false;
        }
        *out = FieldValue::ofBool(v.toBool());
    } else {
        if (!v.isDouble()) {
            *error = prefix + QStringLiteral("Value must be a valid float");
            return false;
        }
        *out = FieldValue::ofFloat(v.toDouble());
    }
    return true;
}

bool Collection::readData(const QJsonObject &data, bool partial, const Document *existing, Changes *changes,
                          QString *error, qint64 now) const
{
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (it.key().startsWith(QLatin1Char('$')))
            continue; // system keys in data are ignored, as the server strips them
        const int slot = slotOf(it.key(), now);
        if (slot < 0) {
            *error = structureError(QStringLiteral("Unknown attribute: \"%1\"").arg(it.key()));
            return false;
        }
        const SchemaItem &a = m_attributes[slot];
        FieldValue value;
        if (it.value().isNull() || it.value().isUndefined()) {
            if (a.required) {
                *error = structureError(QStringLiteral("Missing required attribute \"%1\"").arg(a.key));
                return false;
            }
        } else if (!convertValue(a, it.value(), &value, error)) {
            *error = structureError(*error);
            return false;
        }
        changes->emplace_back(slot, value);
    }
    if (partial)
        return true;
    for (int slot = 0; slot < m_attributes.size(); ++slot) {
        const SchemaItem &a = m_attributes[slot];
        if (!a.isAvailable(now) || data.contains(a.key))
            continue;
        if (existing && !existing->field(slot).isNull())
            continue;
        if (!a.defaultValue.isNull() && !a.defaultValue.isUndefined()) {
            FieldValue value;
            if (convertValue(a, a.defaultValue, &value, error))
                changes->emplace_back(slot, value);
        } else if (a.required) {
            *error = structureError(QStringLiteral("Missing required attribute \"%1\"").arg(a.key));
            return false;
        }
    }
    return true;
}

QList<int> Collection::uniqueSlots(const SchemaItem &index) const
{
    QList<int> fieldSlots;
    for (const QString &key : index.attributes) {
        int slot = kUnknownSlot;
        for (int i = 0; i < m_attributes.size(); ++i) {
            if (m_attributes[i].key == key)
                slot = i;
        }
        if (key == QLatin1String("$id"))
            slot = SlotId;
        fieldSlots << slot;
    }
    return fieldSlots;
}

QString Collection::compositeKey(const Document &document, const QList<int> &fieldSlots) const
{
    QString key;
    for (int slot : fieldSlots) {
        if (slot == kUnknownSlot)
            return {};
        const FieldValue &v = document.field(slot);
        if (v.isNull())
            return {}; // NULLs never clash in a unique index (MariaDB semantics)
        key += QString::number(int(v.kind)) + QLatin1Char(':') + v.text + QString::number(v.integer) +
               QLatin1Char('\x1f');
    }
    return key;
}

void Collection::rebuildUnique()
{
    m_unique.clear();
    for (const auto &index : m_indexes) {
        if (index.type != QLatin1String("unique"))
            continue;
        auto &set = m_unique[index.key];
        const QList<int> fieldSlots = uniqueSlots(index);
        for (const auto &doc : m_documents) {
            const QString key = compositeKey(*doc, fieldSlots);
            if (!key.isEmpty() && !set.contains(key))
                set.insert(key, doc.get());
        }
    }
}

Collection::WriteResult Collection::insert(std::unique_ptr<Document> document)
{
    if (m_byId.contains(document->id()))
        return WriteResult::DuplicateId;
    QList<QPair<QString, QString>> claims;
    for (const auto &index : m_indexes) {
        if (index.type != QLatin1String("unique"))
            continue;
        const QString key = compositeKey(*document, uniqueSlots(index));
        if (key.isEmpty())
            continue;
        if (m_unique.value(index.key).contains(key))
            return WriteResult::DuplicateUnique;
        claims.append({index.key, key});
    }
    for (const auto &claim : claims)
        m_unique[claim.first].insert(claim.second, document.get());
    m_byId.insert(document->id(), document.get());
    m_documents.push_back(std::move(document));
    return WriteResult::Ok;
}

Collection::WriteResult Collection::update(Document *document, const Changes &changes, qint64 now)
{
    Document candidate = *document;
    for (const auto &change : changes)
        candidate.setField(change.first, change.second);
    QList<QPair<QString, QPair<QString, QString>>> moves; // index, old key, new key
    for (const auto &index : m_indexes) {
        if (index.type != QLatin1String("unique"))
            continue;
        const QList<int> fieldSlots = uniqueSlots(index);
        const QString oldKey = compositeKey(*document, fieldSlots);
        const QString newKey = compositeKey(candidate, fieldSlots);
        if (oldKey == newKey)
            continue;
        if (!newKey.isEmpty() && m_unique.value(index.key).value(newKey, document) != document)
            return WriteResult::DuplicateUnique;
        moves.append({index.key, {oldKey, newKey}});
    }
    for (const auto &move : moves) {
        auto &set = m_unique[move.first];
        if (!move.second.first.isEmpty())
            set.remove(move.second.first);
        if (!move.second.second.isEmpty())
            set.insert(move.second.second, document);
    }
    candidate.system[2] = FieldValue::ofDateTime(now);
    *document = std::move(candidate);
    return WriteResult::Ok;
}

bool Collection::remove(const QString &id)
{
    Document *doc = m_byId.take(id);
    if (!doc)
        return false;
    for (auto &set : m_unique) {
        for (auto it = set.begin(); it != set.end();) {
            it = it.value() == doc ? set.erase(it) : std::next(it);
        }
    }
    std::erase_if(m_documents, [doc](const std::unique_ptr<Document> &d) { return d.get() == doc; });
    return true;
}

void Collection::clearDocuments()
{
    m_documents.clear();
    m_byId.clear();
    m_unique.clear();
    m_lastSequence = 0;
    rebuildUnique();
}

QJsonValue Collection::toJsonValue(const FieldValue &value)
{
    switch (value.kind) {
    case FieldValue::Kind::Null:
        return QJsonValue::Null;
    case FieldValue::Kind::String:
        return value.text;
    case FieldValue::Kind::Integer:
        return value.integer;
    case FieldValue::Kind::Float:
        return value.real;
    case FieldValue::Kind::Boolean:
        return value.integer != 0;
    case FieldValue::Kind::DateTime:
        return IsoTime::format(value.integer);
    }
    return QJsonValue::Null;
}

QJsonObject Collection::toJson(const Document &document, const QStringList &select,
                               const DocumentJsonStyle &style) const
{
    QJsonObject o;
    o.insert(QStringLiteral("$id"), document.id());
    o.insert(QStringLiteral("$sequence"), style.sequenceAsString
                                              ? QJsonValue(QString::number(document.sequence()))
                                              : QJsonValue(document.sequence()));
    o.insert(QLatin1String(style.parentKey), m_id);
    o.insert(QStringLiteral("$databaseId"), m_databaseId);
    o.insert(QStringLiteral("$createdAt"), IsoTime::format(document.system[1].integer));
    o.insert(QStringLiteral("$updatedAt"), IsoTime::format(document.system[2].integer));
    o.insert(QStringLiteral("$permissions"), QJsonArray::fromStringList(document.permissions));
    const bool all = select.isEmpty() || select.contains(QStringLiteral("*"));
    for (int slot = 0; slot < m_attributes.size(); ++slot) {
        const SchemaItem &a = m_attributes[slot];
        if (a.availableAt != 0 && !a.isAvailable(IsoTime::nowMs()))
            continue;
        if (all || select.contains(a.key))
            o.insert(a.key, toJsonValue(document.field(slot)));
    }
    return o;
}

} // namespace sandbox
