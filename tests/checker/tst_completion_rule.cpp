// docs/ARCHITECTURE.md §5.10 and §11.4: the completion rule on Graphy answers as they really come.
#include "checker/CompletionRule.h"
#include "net/GraphyClient.h"

#include <QJsonDocument>
#include <QTest>

using namespace cc;

namespace {
const QString kCourse = QStringLiteral("64788c5ee4b029c2c7f279bb");

GraphyLearner learnerWithCourse(const char *courseJson, const QString &version = QStringLiteral("v2"))
{
    const QByteArray json =
        QByteArray(
            R"({"id":"669a0243835d4b30de916cd6","email":"asha@example.com","name":"Asha Rao","courses":[)") +
        courseJson + "]}";
    return GraphyClient::parseLearner(QJsonDocument::fromJson(json).object(), version);
}
} // namespace

class TestCompletionRule : public QObject
{
    Q_OBJECT
private slots:
    void outcome_data();
    void outcome();
    void unknownLearner();
    void notInCourse();
    void noCoursesArrayDecidesNothing_data();
    void noCoursesArrayDecidesNothing();
    void digestFitsAndNamesFields();
    void fieldNamesWithSpaces();
};

void TestCompletionRule::outcome_data()
{
    QTest::addColumn<QByteArray>("course");
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<int>("itemsTotal");
    QTest::addColumn<int>("itemsCompleted");

    const int completed = int(LearnerOutcome::Completed);
    const int inProgress = int(LearnerOutcome::InProgress);
    const int failed = int(LearnerOutcome::Failed);
    const QString v2 = "v2";
    auto course = [](const char *rest) {
        return QByteArray(R"({"id":"64788c5ee4b029c2c7f279bb","Title":"Voice Clarity Track",)") + rest + "}";
    };

    QTest::newRow("flag-true")
        << course(R"("progress":40,"completed":true,"course items":[{"completed":false}])") << v2 << completed
        << 1 << 0;
    QTest::newRow("progress-100-all-items")
        << course(
               R"("progress":100,"completed":false,"course items":[{"completed":true},{"completed":true}])")
        << v2 << completed << 2 << 2;
    QTest::newRow("progress-100-one-item-open")
        << course(R"("progress":100,"course items":[{"completed":true},{"completed":false}])") << v2
        << inProgress << 2 << 1;
    QTest::newRow("progress-100-no-items")
        << course(R"("progress":100,"course items":[])") << v2 << completed << 0 << 0;
    QTest::newRow("progress-100-items-key-missing")
        << course(R"("progress":100)") << v2 << completed << -1 << -1;
    QTest::newRow("progress-above-100")
        << course(R"("progress":104.5,"course items":[{"completed":true}])") << v2 << completed << 1 << 1;
    QTest::newRow("progress-99.9") << course(R"("progress":99.9,"course items":[{"completed":true}])") << v2
                                   << inProgress << 1 << 1;
    QTest::newRow("progress-as-string")
        << course(R"("progress":"100","course items":[{"completed":"true"}])") << v2 << completed << 1 << 1;
    QTest::newRow("item-completed-missing")
        << course(R"("progress":100,"course items":[{"title":"Quiz 1"}])") << v2 << inProgress << 1 << 0;
    QTest::newRow("zero-progress")
        << course(R"("progress":0,"completed":false,"course items":[{"completed":false}])") << v2
        << inProgress << 1 << 0;
    QTest::newRow("only-flag-false") << course(R"("completed":false)") << v2 << inProgress << -1 << -1;
    QTest::newRow("v1-no-progress-no-flag")
        << course(R"("Assigned Date":"2024-07-19T06:10:11Z")") << QString("v1") << failed << -1 << -1;
}

void TestCompletionRule::outcome()
{
    QFETCH(QByteArray, course);
    QFETCH(QString, version);
    QFETCH(int, outcome);
    QFETCH(int, itemsTotal);
    QFETCH(int, itemsCompleted);
    const CompletionVerdict verdict =
        CompletionRule::evaluate(learnerWithCourse(course.constData(), version), kCourse);
    QCOMPARE(int(verdict.outcome), outcome);
    QCOMPARE(verdict.itemsTotal, itemsTotal);
    QCOMPARE(verdict.itemsCompleted, itemsCompleted);
    QVERIFY(!verdict.summary.isEmpty());
    QCOMPARE(verdict.courseTitle,
             QStringLiteral("Voice Clarity Track")); // Graphy's "Title", shown for the ID
}

void TestCompletionRule::unknownLearner()
{
    GraphyLearner nobody;
    nobody.apiVersion = "v2";
    const CompletionVerdict verdict = CompletionRule::evaluate(nobody, kCourse);
    QCOMPARE(verdict.outcome, LearnerOutcome::UnknownToGraphy);
    QVERIFY(verdict.digest.isEmpty());
}

void TestCompletionRule::notInCourse()
{
    const GraphyLearner learner =
        learnerWithCourse(R"({"id":"000000000000000000000001","progress":100,"completed":true})");
    const CompletionVerdict verdict = CompletionRule::evaluate(learner, kCourse);
    QCOMPARE(verdict.outcome, LearnerOutcome::NotInCourse);
    // Exact string compare: a prefix or different case is another course.
    const GraphyLearner upper = learnerWithCourse(R"({"id":"64788C5EE4B029C2C7F279BB","completed":true})");
    QCOMPARE(CompletionRule::evaluate(upper, kCourse).outcome, LearnerOutcome::NotInCourse);
    // An empty list is an answer: in no course at all.
    QCOMPARE(CompletionRule::evaluate(learnerWithCourse(""), kCourse).outcome, LearnerOutcome::NotInCourse);
}

void TestCompletionRule::noCoursesArrayDecidesNothing_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("absent") << QByteArray(R"({"id":"1","email":"asha@example.com"})");
    QTest::newRow("null") << QByteArray(R"({"id":"1","email":"asha@example.com","courses":null})");
    QTest::newRow("object") << QByteArray(R"({"id":"1","email":"asha@example.com","courses":{}})");
    QTest::newRow("string") << QByteArray(R"({"id":"1","email":"asha@example.com","courses":"[]"})");
}

void TestCompletionRule::noCoursesArrayDecidesNothing()
{
    // Graphy ignored courseInfo: "not in the course" would be a guess, so the check fails and the
    // learner is checked again next run.
    QFETCH(QByteArray, json);
    const GraphyLearner learner = GraphyClient::parseLearner(QJsonDocument::fromJson(json).object(), "v2");
    const CompletionVerdict verdict = CompletionRule::evaluate(learner, kCourse);
    QCOMPARE(verdict.outcome, LearnerOutcome::Failed);
    QVERIFY2(verdict.summary.contains("no courses"), qPrintable(verdict.summary));
}

void TestCompletionRule::digestFitsAndNamesFields()
{
    const QByteArray longTitle(10000, 'x');
    const QByteArray course =
        R"({"id":"64788c5ee4b029c2c7f279bb","Title":")" + longTitle +
        R"(","progress":100,"totalTime":5400,"Assigned Date":"2024-07-19T06:10:11Z","start date":"2024-07-19T06:30:00Z","last access date":"2025-01-03T10:25:00Z","course items":[{"completed":true}]})";
    const CompletionVerdict verdict =
        CompletionRule::evaluate(learnerWithCourse(course.constData()), kCourse);
    QCOMPARE(verdict.outcome, LearnerOutcome::Completed);
    const QByteArray digest = QJsonDocument(verdict.digest).toJson(QJsonDocument::Compact);
    QVERIFY2(digest.size() <= CompletionRule::kMaxDigestChars, digest.constData());
    QCOMPARE(verdict.digest.value("progress").toDouble(), 100.0);
    QCOMPARE(verdict.digest.value("totalTime").toDouble(), 5400.0);
    QCOMPARE(verdict.digest.value("course_items_count").toInt(), 1);
    QCOMPARE(verdict.digest.value("completed_items").toInt(), 1);
    QCOMPARE(verdict.digest.value("assigned_date").toString(), QString("2024-07-19T06:10:11Z"));
    QCOMPARE(verdict.digest.value("last_access_date").toString(), QString("2025-01-03T10:25:00Z"));
    QCOMPARE(verdict.digest.value("source").toString(), QString("graphy_v2"));
}

void TestCompletionRule::fieldNamesWithSpaces()
{
    const GraphyLearner learner = learnerWithCourse(
        R"({"id":"64788c5ee4b029c2c7f279bb","Title":"T","start date":"S","last access date":"L","course items":[{"title":"Lesson 1","type":"video","totalTime":600,"completed":true}]})");
    const GraphyCourse *course = learner.course(kCourse);
    QVERIFY(course);
    QCOMPARE(course->title, QString("T"));
    QCOMPARE(course->startDate, QString("S"));
    QCOMPARE(course->lastAccessDate, QString("L"));
    QCOMPARE(course->items.size(), 1);
    QCOMPARE(course->items.first().type, QString("video"));
    QCOMPARE(course->items.first().totalTime, 600.0);
    QVERIFY(!course->progress.has_value());
}

QTEST_GUILESS_MAIN(TestCompletionRule)
#include "tst_completion_rule.moc"
