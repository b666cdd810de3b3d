#pragma once

#include "Document.h"
#include "SchemaItem.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <memory>
#include <vector>

namespace sandbox {

// How a document is shown: as a document (`$collectionId`) or a row (`$tableId`), and with
// `$sequence` as an integer (1.8) or a string (1.9+).
struct DocumentJsonStyle
{
    const char *parentKey = "$collectionId";
    bool sequenceAsString = false;
};

// One Appwrite collection: its schema and its documents, kept in $sequence order so an unordered
// list is a plain scan. Unique indexes are enforced through hash sets, so a create stays O(1).
class Collection
{
public:
    static constexpr int kUnknownSlot = -100;
    using Changes = std::vector<std::pair<int, FieldValue>>;
    enum class WriteResult { Ok, DuplicateId, DuplicateUnique };

    Collection(const QString &databaseId, const QString &id, const QString &name, qint64 createdAt);

    const QString &id() const { return m_id; }
    const QString &name() const { return m_name; }
    const QString &databaseId() const { return m_databaseId; }
    qint64 createdAt() const { return m_createdAt; }
    qint64 updatedAt() const { return m_updatedAt; }
    // As given when the collection (table) was created; shown, not enforced (API keys bypass them).
    const QStringList &permissions() const { return m_permissions; }
    bool recordSecurity() const { return m_recordSecurity; }
    bool enabled() const { return m_enabled; }
    void setAccess(const QStringList &permissions, bool recordSecurity, bool enabled)
    {
        m_permissions = permissions;
        m_recordSecurity = recordSecurity;
        m_enabled = enabled;
    }

    QList<SchemaItem> &attributes() { return m_attributes; }
    QList<SchemaItem> &indexes() { return m_indexes; }
    const QList<SchemaItem> &attributes() const { return m_attributes; }
    SchemaItem *attribute(const QString &key);
    SchemaItem *index(const QString &key);
    void addAttribute(const SchemaItem &attribute);
    void addIndex(const SchemaItem &index);
    void removeAttribute(const QString &key); // used only at seeding time, before documents exist
    void removeIndex(const QString &key);

    // Slot of an available attribute or system field (`$id`, `$createdAt`, …); kUnknownSlot if none.
    int slotOf(const QString &key, qint64 now) const;
    const SchemaItem *attributeAt(int slot) const;

    // Validates `data` against the schema, as utopia's Structure validator does.
    bool readData(const QJsonObject &data, bool partial, const Document *existing, Changes *changes,
                  QString *error, qint64 now) const;

    const std::vector<std::unique_ptr<Document>> &documents() const { return m_documents; }
    Document *find(const QString &id) const { return m_byId.value(id, nullptr); }
    qint64 nextSequence() { return ++m_lastSequence; }
    WriteResult insert(std::unique_ptr<Document> document);
    WriteResult update(Document *document, const Changes &changes, qint64 now);
    bool remove(const QString &id);
    void clearDocuments();

    QJsonObject toJson(const Document &document, const QStringList &select = {},
                       const DocumentJsonStyle &style = DocumentJsonStyle()) const;
    static QJsonValue toJsonValue(const FieldValue &value);

private:
    QList<int> uniqueSlots(const SchemaItem &index) const;
    QString compositeKey(const Document &document, const QList<int> &fieldSlots) const;
    void rebuildUnique();

    QString m_databaseId, m_id, m_name;
    qint64 m_createdAt, m_updatedAt;
    QStringList m_permissions;
    bool m_recordSecurity = false;
    bool m_enabled = true;
    QList<SchemaItem> m_attributes;
    QList<SchemaItem> m_indexes;
    std::vector<std::unique_ptr<Document>> m_documents;
    QHash<QString, Document *> m_byId;
    QHash<QString, QHash<QString, Document *>> m_unique; // index key -> composite value -> owner
    qint64 m_lastSequence = 0;
};

} // namespace sandbox
