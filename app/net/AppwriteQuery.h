#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace cc {

// One Appwrite query (1.5+ JSON form). toString() emits exactly what the official SDKs emit:
// keys in the order method, attribute, values; `attribute` left out for limit/offset/cursor/select;
// `values` left out for isNull/isNotNull/orderAsc/orderDesc; nested queries of and/or as objects.
class AppwriteQuery
{
public:
    static AppwriteQuery equal(const QString &attribute, const QJsonValue &value);
    static AppwriteQuery equalAny(const QString &attribute, const QList<QJsonValue> &values);
    static AppwriteQuery notEqual(const QString &attribute, const QJsonValue &value);
    static AppwriteQuery lessThan(const QString &attribute, const QJsonValue &value);
    static AppwriteQuery lessThanEqual(const QString &attribute, const QJsonValue &value);
    static AppwriteQuery greaterThan(const QString &attribute, const QJsonValue &value);
    static AppwriteQuery greaterThanEqual(const QString &attribute, const QJsonValue &value);
    static AppwriteQuery isNull(const QString &attribute);
    static AppwriteQuery isNotNull(const QString &attribute);
    static AppwriteQuery orderAsc(const QString &attribute);
    static AppwriteQuery orderDesc(const QString &attribute);
    static AppwriteQuery limit(int count);
    static AppwriteQuery offset(int count);
    static AppwriteQuery cursorAfter(const QString &documentId);
    static AppwriteQuery cursorBefore(const QString &documentId);
    static AppwriteQuery select(const QStringList &attributes);
    static AppwriteQuery andOf(const QList<AppwriteQuery> &queries);
    static AppwriteQuery orOf(const QList<AppwriteQuery> &queries);

    QString method() const { return m_method; }
    QString attribute() const { return m_attribute; }
    QString toString() const;

private:
    AppwriteQuery(QString method, QString attribute, QList<QJsonValue> values, bool hasValues = true);
    QString toJson() const;

    QString m_method;
    QString m_attribute;
    QList<QJsonValue> m_values;
    QList<AppwriteQuery> m_nested;
    bool m_hasValues = true;
};

} // namespace cc
