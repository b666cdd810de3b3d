#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <vector>

namespace sandbox {

// Graphy's side of the demo world: products (courses) with their items, and learners with their
// per-course progress. Renders the v1 and v2 JSON flavours with Graphy's exact, spaced field names.
class GraphyStore
{
public:
    struct Item
    {
        QString title;
        QString type;
        int totalTime = 0;
    };
    struct Product
    {
        QString id;
        QString title;
        QString instructor;
        qint64 createdAt = 0;
        int price = 0;
        QList<Item> items;
    };
    struct Enrollment
    {
        int product = 0; // index into products()
        qint64 assignedAt = 0;
        qint64 lastAccessAt = 0;
        int progress = 0;
        bool completed = false;
        QList<bool> itemsCompleted;
    };
    struct Learner
    {
        QString id;
        QString email;
        QString name;
        QString mobile;
        qint64 createdAt = 0;
        qint64 lastLoginAt = 0;
        bool hasToken = true;
        QList<Enrollment> courses;
    };

    void clear();
    QList<Product> &products() { return m_products; }
    const QList<Product> &products() const { return m_products; }
    int productIndex(const QString &id) const;
    const std::vector<Learner> &learners() const { return m_learners; }
    void addLearner(Learner learner);
    Learner *learnerByEmail(const QString &email);
    const Learner *learnerById(const QString &id) const;

    QJsonObject learnerJson(const Learner &learner, bool v2, bool courseInfo) const;
    QJsonObject productJson(const Product &product, bool withItems) const;
    int timeSpent(const Enrollment &enrollment) const;
    static QString formatTime(qint64 ms); // "2024-07-19T06:10:11Z"

private:
    QJsonObject courseJson(const Enrollment &enrollment, bool v2) const;

    QList<Product> m_products;
    std::vector<Learner> m_learners;
    QHash<QString, size_t> m_byEmail;
    QHash<QString, size_t> m_byId;
};

} // namespace sandbox
