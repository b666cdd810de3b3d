// The query builder must emit exactly the JSON strings the official Appwrite SDKs emit.
#include "net/AppwriteQuery.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using cc::AppwriteQuery;

class TestAppwriteQuery : public QObject
{
    Q_OBJECT
private slots:
    void emitsSdkJson_data();
    void emitsSdkJson();
    void isValidJson();
};

void TestAppwriteQuery::emitsSdkJson_data()
{
    QTest::addColumn<QString>("actual");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const AppwriteQuery &q, const char *expected) {
        QTest::newRow(name) << q.toString() << QString::fromUtf8(expected);
    };
    row("equal", AppwriteQuery::equal("status", "enrolled"),
        R"({"method":"equal","attribute":"status","values":["enrolled"]})");
    row("equal-many", AppwriteQuery::equalAny("status", {"a", "b"}),
        R"({"method":"equal","attribute":"status","values":["a","b"]})");
    row("notEqual-empty", AppwriteQuery::notEqual("course_id", ""),
        R"({"method":"notEqual","attribute":"course_id","values":[""]})");
    row("lessThan-date", AppwriteQuery::lessThan("last_completion_check", "2025-11-20T10:00:00.000+00:00"),
        R"({"method":"lessThan","attribute":"last_completion_check","values":["2025-11-20T10:00:00.000+00:00"]})");
    row("lessThanEqual", AppwriteQuery::lessThanEqual("n", 5),
        R"({"method":"lessThanEqual","attribute":"n","values":[5]})");
    row("greaterThan-double", AppwriteQuery::greaterThan("p", 99.5),
        R"({"method":"greaterThan","attribute":"p","values":[99.5]})");
    row("greaterThanEqual-bool", AppwriteQuery::greaterThanEqual("b", true),
        R"({"method":"greaterThanEqual","attribute":"b","values":[true]})");
    row("isNull", AppwriteQuery::isNull("last_completion_check"),
        R"({"method":"isNull","attribute":"last_completion_check"})");
    row("isNotNull", AppwriteQuery::isNotNull("x"), R"({"method":"isNotNull","attribute":"x"})");
    row("orderAsc", AppwriteQuery::orderAsc("$createdAt"),
        R"({"method":"orderAsc","attribute":"$createdAt"})");
    row("orderDesc", AppwriteQuery::orderDesc("$updatedAt"),
        R"({"method":"orderDesc","attribute":"$updatedAt"})");
    row("limit", AppwriteQuery::limit(50), R"({"method":"limit","values":[50]})");
    row("offset", AppwriteQuery::offset(100), R"({"method":"offset","values":[100]})");
    row("cursorAfter", AppwriteQuery::cursorAfter("6740f1c2000a1b2c3d4e"),
        R"({"method":"cursorAfter","values":["6740f1c2000a1b2c3d4e"]})");
    row("cursorBefore", AppwriteQuery::cursorBefore("abc"), R"({"method":"cursorBefore","values":["abc"]})");
    row("select", AppwriteQuery::select({"$id", "email", "course_id", "status"}),
        R"({"method":"select","values":["$id","email","course_id","status"]})");
    row("or", AppwriteQuery::orOf({AppwriteQuery::isNull("x"), AppwriteQuery::lessThan("x", "…")}),
        R"({"method":"or","values":[{"method":"isNull","attribute":"x"},{"method":"lessThan","attribute":"x","values":["…"]}]})");
    row("and-nested",
        AppwriteQuery::andOf(
            {AppwriteQuery::equal("a", 1), AppwriteQuery::orOf({AppwriteQuery::isNull("b")})}),
        R"({"method":"and","values":[{"method":"equal","attribute":"a","values":[1]},{"method":"or","values":[{"method":"isNull","attribute":"b"}]}]})");
    row("escaping", AppwriteQuery::equal("email", "a\"b\\c\n/é"),
        R"({"method":"equal","attribute":"email","values":["a\"b\\c\n/é"]})");
    row("control-char", AppwriteQuery::equal("k", QString(QChar(0x01))),
        R"({"method":"equal","attribute":"k","values":["\u0001"]})");
}

void TestAppwriteQuery::emitsSdkJson()
{
    QFETCH(QString, actual);
    QFETCH(QString, expected);
    QCOMPARE(actual, expected);
}

void TestAppwriteQuery::isValidJson()
{
    const AppwriteQuery q =
        AppwriteQuery::orOf({AppwriteQuery::equal("email", "x\"y"), AppwriteQuery::limit(3)});
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(q.toString().toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value("method").toString(), QString("or"));
}

QTEST_GUILESS_MAIN(TestAppwriteQuery)
#include "tst_appwrite_query.moc"
