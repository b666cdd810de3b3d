// An ErrorEntry keeps the classification of the failed call it came from: whoever reads it later
// (the run engine, the tray, the error log after a restart) gets the same answers as from the
// ServiceError itself, with one rule (ServiceError::isAuthFailure) instead of a re-derivation.
#include "base/ErrorEntry.h"
#include "store/LocalStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cc;
using Kind = ServiceError::Kind;

class TestErrorEntry : public QObject
{
    Q_OBJECT
private slots:
    void keepsClassification_data();
    void keepsClassification();
    void keepsClassificationThroughTheStore_data() { keepsClassification_data(); }
    void keepsClassificationThroughTheStore();
    void errorOutsideAnyCallIsNeverAnAuthFailure();
    void messageSaysWhatHappensNext();
    void missingScopesFromAppwritesMessage_data();
    void missingScopesFromAppwritesMessage();
};

void TestErrorEntry::keepsClassification_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("auth");
    QTest::addColumn<bool>("unavailable");
    QTest::addColumn<bool>("transient");
    QTest::newRow("401 unauthorized")
        << int(Kind::Http) << 401 << "general_unauthorized_scope" << true << true << false;
    QTest::newRow("403 forbidden") << int(Kind::Http) << 403 << "user_unauthorized" << true << true << false;
    QTest::newRow("404 project_not_found")
        << int(Kind::Http) << 404 << "project_not_found" << true << true << false;
    QTest::newRow("404 document_not_found")
        << int(Kind::Http) << 404 << "document_not_found" << false << false << false;
    QTest::newRow("400 invalid structure")
        << int(Kind::Http) << 400 << "document_invalid_structure" << false << false << false;
    QTest::newRow("429 rate limited")
        << int(Kind::Http) << 429 << "general_rate_limit_exceeded" << false << false << true;
    QTest::newRow("503 unavailable") << int(Kind::Http) << 503 << "general_server_error" << false << true
                                     << true;
    QTest::newRow("network refused") << int(Kind::Network) << 0 << "" << false << true << true;
    QTest::newRow("timeout") << int(Kind::Timeout) << 0 << "" << false << true << true;
    QTest::newRow("circuit open") << int(Kind::CircuitOpen) << 0 << "" << false << true << true;
    QTest::newRow("malformed answer")
        << int(Kind::Malformed) << 200 << "" << false << true << true; // a proxy's page
    // Graphy's 200 with an error object is about the settings, for every learner alike: the run stops.
    QTest::newRow("Graphy 200 with error")
        << int(Kind::Business) << 200 << "invalid_key" << false << true << false;
    QTest::newRow("redirect elsewhere")
        << int(Kind::Redirect) << 301 << "redirect_refused" << false << true << false;
}

namespace {
ServiceError serviceError(int kind, int status, const QString &type)
{
    ServiceError e;
    e.kind = Kind(kind);
    e.service = QStringLiteral("appwrite");
    e.operation = QStringLiteral("listDocuments");
    e.httpStatus = status;
    e.type = type;
    e.message = QStringLiteral("the service said no");
    return e;
}
} // namespace

void TestErrorEntry::keepsClassification()
{
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(bool, auth);
    QFETCH(bool, unavailable);
    QFETCH(bool, transient);
    const ServiceError error = serviceError(kind, status, type);
    QCOMPARE(error.isAuthFailure(), auth); // the table above is the rule itself
    const ErrorEntry entry = ErrorEntry::fromServiceError(error, QDateTime::currentDateTimeUtc(), 7,
                                                          QStringLiteral("l1"), "retried");
    QCOMPARE(int(entry.kind), kind);
    QCOMPARE(entry.isAuthFailure(), auth);
    QCOMPARE(entry.isUnavailable(), unavailable);
    QCOMPARE(entry.serviceError().isTransient(), transient);
    // Without a type of its own, the entry is named by its kind, so the log can group it.
    QCOMPARE(entry.errorType, type.isEmpty() ? ServiceError::kindName(Kind(kind)) : type);
}

void TestErrorEntry::keepsClassificationThroughTheStore()
{
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(bool, auth);
    QFETCH(bool, unavailable);
    QTemporaryDir dir;
    LocalStore store;
    QVERIFY2(store.open(dir.filePath(QStringLiteral("store.sqlite"))), qPrintable(store.lastError()));
    const ErrorEntry entry = ErrorEntry::fromServiceError(
        serviceError(kind, status, type), QDateTime::currentDateTimeUtc(), 0, "l1", "retried");
    QVERIFY2(store.recordErrors({entry}), qPrintable(store.lastError()));
    const QList<ErrorEntry> stored = store.errors(10);
    QCOMPARE(stored.size(), 1);
    QCOMPARE(int(stored.first().kind), kind);
    QCOMPARE(stored.first().httpStatus, status);
    QCOMPARE(stored.first().isAuthFailure(), auth);
    QCOMPARE(stored.first().isUnavailable(), unavailable);
}

void TestErrorEntry::errorOutsideAnyCallIsNeverAnAuthFailure()
{
    ErrorEntry entry;
    entry.service = QStringLiteral("store");
    entry.errorType = QStringLiteral("disk_full");
    entry.httpStatus = 401; // a stray number in a non-call error must not turn it into one
    QCOMPARE(entry.kind, Kind::None);
    QVERIFY(!entry.isAuthFailure());
    QVERIFY(!entry.isUnavailable());
}

void TestErrorEntry::messageSaysWhatHappensNext()
{
    const ErrorEntry entry = ErrorEntry::fromServiceError(
        serviceError(int(Kind::Timeout), 0, {}), QDateTime::currentDateTimeUtc(), 0, {}, "retried next run");
    QCOMPARE(entry.message, QStringLiteral("the service said no — retried next run"));
    QCOMPARE(entry.causeKey(), QStringLiteral("appwrite/timeout"));
}

void TestErrorEntry::missingScopesFromAppwritesMessage_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("scopes");
    const QString who = QStringLiteral("app.6740f1@service.cloud.appwrite.io (role: applications) ");
    QTest::newRow("one scope") << 401 << who + R"(missing scopes (["documents.read"]))"
                               << QStringList{"documents.read"};
    QTest::newRow("two scopes") << 401 << who + R"(missing scopes (["rows.read","rows.write"]))"
                                << QStringList{"rows.read", "rows.write"};
    QTest::newRow("spaced as JSON allows")
        << 401 << who + R"(missing scopes (["tables.read", "columns.read"]))"
        << QStringList{"tables.read", "columns.read"};
    QTest::newRow("wrong key, no scopes named") << 401 << QStringLiteral("Invalid API key") << QStringList{};
    QTest::newRow("not a 401") << 403 << who + R"(missing scopes (["rows.read"]))" << QStringList{};
    QTest::newRow("not JSON inside") << 401 << who + QStringLiteral("missing scopes ([rows.read])")
                                     << QStringList{};
}

void TestErrorEntry::missingScopesFromAppwritesMessage()
{
    QFETCH(int, status);
    QFETCH(QString, message);
    QFETCH(QStringList, scopes);
    ServiceError e;
    e.kind = Kind::Http;
    e.httpStatus = status;
    e.type = QStringLiteral("general_unauthorized_scope");
    e.message = message;
    QCOMPARE(e.missingScopes(), scopes);
}

QTEST_GUILESS_MAIN(TestErrorEntry)
#include "tst_error_entry.moc"
