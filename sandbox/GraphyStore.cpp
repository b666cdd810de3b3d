#include "GraphyStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

namespace sandbox {

void GraphyStore::clear()
{
    m_products.clear();
    m_learners.clear();
    m_byEmail.clear();
    m_byId.clear();
}

int GraphyStore::productIndex(const QString &id) const
{
    for (int i = 0; i < m_products.size(); ++i) {
        if (m_products[i].id == id)
            return i;
    }
    return -1;
}

void GraphyStore::addLearner(Learner learner)
{
    m_byEmail.insert(learner.email, m_learners.size());
    m_byId.insert(learner.id, m_learners.size());
    m_learners.push_back(std::move(learner));
}

GraphyStore::Learner *GraphyStore::learnerByEmail(const QString &email)
{
    const auto it = m_byEmail.constFind(email);
    return it == m_byEmail.constEnd() ? nullptr : &m_learners[*it];
}

const GraphyStore::Learner *GraphyStore::learnerById(const QString &id) const
{
    const auto it = m_byId.constFind(id);
    return it == m_byId.constEnd() ? nullptr : &m_learners[*it];
}

QString GraphyStore::formatTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

int GraphyStore::timeSpent(const Enrollment &e) const
{
    const Product &p = m_products[e.product];
    int total = 0;
    for (int i = 0; i < p.items.size(); ++i) {
        if (e.itemsCompleted.value(i))
            total += p.items[i].totalTime;
    }
    return total;
}

QJsonObject GraphyStore::courseJson(const Enrollment &e, bool v2) const
{
    const Product &p = m_products[e.product];
    QJsonObject c{{QStringLiteral("id"), p.id},
                  {QStringLiteral("Title"), p.title},
                  {QStringLiteral("Assigned Date"), formatTime(e.assignedAt)},
                  {QStringLiteral("last access date"), formatTime(e.lastAccessAt)}};
    if (!v2) {
        // v1 carries no progress/completed: clients must treat completion as unknown.
        c.insert(QStringLiteral("assessments score"), 0);
        return c;
    }
    c.insert(QStringLiteral("start date"), formatTime(e.assignedAt + 20 * 60 * 1000));
    c.insert(QStringLiteral("progress"), e.progress);
    c.insert(QStringLiteral("totalTime"), timeSpent(e));
    c.insert(QStringLiteral("completed"), e.completed);
    QJsonArray items;
    for (int i = 0; i < p.items.size(); ++i) {
        const Item &item = p.items[i];
        items.append(QJsonObject{{QStringLiteral("title"), item.title},
                                 {QStringLiteral("type"), item.type},
                                 {QStringLiteral("totalTime"), item.totalTime},
                                 {QStringLiteral("completed"), e.itemsCompleted.value(i)}});
    }
    c.insert(QStringLiteral("course items"), items);
    return c;
}

QJsonObject GraphyStore::learnerJson(const Learner &l, bool v2, bool courseInfo) const
{
    QJsonObject o{{QStringLiteral("id"), l.id},
                  {QStringLiteral("email"), l.email},
                  {QStringLiteral("name"), l.name},
                  {QStringLiteral("mobile"), l.mobile},
                  {QStringLiteral("active"), true}};
    if (v2) {
        o.insert(QStringLiteral("created_date"), formatTime(l.createdAt));
        o.insert(QStringLiteral("last_login"), formatTime(l.lastLoginAt));
        o.insert(QStringLiteral("state"), QStringLiteral("active"));
        if (l.hasToken)
            o.insert(QStringLiteral("token"), QJsonObject{{QStringLiteral("ANDROID"), QString()}});
    } else {
        o.insert(QStringLiteral("created date"), formatTime(l.createdAt));
        o.insert(QStringLiteral("last login"), formatTime(l.lastLoginAt));
        o.insert(QStringLiteral("loginDevices"),
                 QJsonArray{QJsonObject{{QStringLiteral("deviceId"), l.id.right(8)},
                                        {QStringLiteral("isMobile"), false},
                                        {QStringLiteral("deviceModel"), QStringLiteral("Chrome on Linux")},
                                        {QStringLiteral("date"),
                                         QJsonObject{{QStringLiteral("$date"), formatTime(l.lastLoginAt)}}},
                                        {QStringLiteral("count"), 3}}});
    }
    if (courseInfo) {
        QJsonArray courses;
        for (const Enrollment &e : l.courses)
            courses.append(courseJson(e, v2));
        o.insert(QStringLiteral("courses"), courses);
    }
    return o;
}

QJsonObject GraphyStore::productJson(const Product &p, bool withItems) const
{
    QJsonObject o{{QStringLiteral("id"), p.id},
                  {QStringLiteral("title"), p.title},
                  {QStringLiteral("instructor"), p.instructor},
                  {QStringLiteral("language"), QStringLiteral("English")},
                  {QStringLiteral("created date"), formatTime(p.createdAt)},
                  {QStringLiteral("modified date"), formatTime(p.createdAt + 86400000LL * 30)},
                  {QStringLiteral("price"), p.price},
                  {QStringLiteral("discounted price"), p.price * 6 / 10},
                  {QStringLiteral("category"), QStringLiteral("Courses")},
                  {QStringLiteral("tags"), QJsonArray{QStringLiteral("demo")}}};
    if (withItems) {
        QJsonArray items;
        for (int i = 0; i < p.items.size(); ++i) {
            items.append(
                QJsonObject{{QStringLiteral("id"),
                             QStringLiteral("%1%2").arg(p.id.left(20)).arg(i, 4, 16, QLatin1Char('0'))},
                            {QStringLiteral("title"), p.items[i].title},
                            {QStringLiteral("type"), p.items[i].type},
                            {QStringLiteral("totalTime"), p.items[i].totalTime}});
        }
        o.insert(QStringLiteral("items"), items);
    }
    return o;
}

} // namespace sandbox
