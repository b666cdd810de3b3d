// A learner document read as the checker reads it: the values that identify the certificate event
// stay exactly as stored, and a document the checker cannot use says why.
#include "checker/EventIdentity.h"
#include "checker/LearnerDocument.h"

#include <QTest>

using namespace cc;

class TestLearnerDocument : public QObject
{
    Q_OBJECT
private slots:
    void courseIdKeptAsStored_data();
    void courseIdKeptAsStored();
    void unusableDocumentsSayWhy_data();
    void unusableDocumentsSayWhy();
};

void TestLearnerDocument::courseIdKeptAsStored_data()
{
    QTest::addColumn<QString>("courseId");
    QTest::newRow("plain") << "64788c5ee4b029c2c7f279bb";
    QTest::newRow("trailing space") << "64788c5ee4b029c2c7f279bb ";
    QTest::newRow("leading tab") << "\t64788c5ee4b029c2c7f279bb";
}

void TestLearnerDocument::courseIdKeptAsStored()
{
    QFETCH(QString, courseId);
    const QJsonObject doc{
        {"$id", "l1"}, {"email", "a@example.com"}, {"course_id", courseId}, {"status", "enrolled"}};
    const LearnerRecord r = LearnerDocument::parse(doc, LearnerAttributes{});
    QCOMPARE(r.courseId, courseId); // the webhook path derives the event ID from the stored value
    QVERIFY(LearnerDocument::problem(r).isEmpty());
    QCOMPARE(EventIdentity::eventId(r.courseId, r.id), QStringLiteral("completion_%1_l1").arg(courseId));
}

void TestLearnerDocument::unusableDocumentsSayWhy_data()
{
    QTest::addColumn<QJsonObject>("doc");
    QTest::addColumn<QString>("problem");
    QTest::newRow("no $id") << QJsonObject{{"email", "a@example.com"}, {"course_id", "c"}} << "no $id";
    QTest::newRow("no e-mail") << QJsonObject{{"$id", "l1"}, {"course_id", "c"}} << "e-mail";
    QTest::newRow("not an e-mail") << QJsonObject{{"$id", "l1"}, {"email", "nobody"}, {"course_id", "c"}}
                                   << "e-mail";
    QTest::newRow("no course") << QJsonObject{{"$id", "l1"}, {"email", "a@example.com"}} << "course_id";
    QTest::newRow("blank course") << QJsonObject{{"$id", "l1"},
                                                 {"email", "a@example.com"},
                                                 {"course_id", "  "}}
                                  << "course_id";
    QTest::newRow("course as a number")
        << QJsonObject{{"$id", "l1"}, {"email", "a@example.com"}, {"course_id", 42}} << "course_id";
}

void TestLearnerDocument::unusableDocumentsSayWhy()
{
    QFETCH(QJsonObject, doc);
    QFETCH(QString, problem);
    const QString got = LearnerDocument::problem(LearnerDocument::parse(doc, LearnerAttributes{}));
    QVERIFY2(got.contains(problem), qPrintable(got));
}

QTEST_GUILESS_MAIN(TestLearnerDocument)
#include "tst_learner_document.moc"
