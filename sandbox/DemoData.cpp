#include "DemoData.h"

#include "IsoTime.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace sandbox {

namespace {
constexpr qint64 kLearnersFrom = 1748736000000LL; // 2025-06-01T00:00:00Z
constexpr qint64 kChecksFrom = 1761955200000LL;   // 2025-11-01T00:00:00Z
constexpr qint64 kHour = 3600 * 1000LL;

const char *const kFirstNames[] = {"Asha",   "Ravi",  "Meera",  "Arjun", "Priya", "Kiran", "Neha",   "Vikram",
                                   "Ananya", "Rahul", "Sara",   "Omar",  "Lena",  "Tomas", "Aisha",  "Mateo",
                                   "Yuki",   "Chen",  "Fatima", "Lucas", "Emma",  "Noah",  "Olivia", "Ivan",
                                   "Zara",   "Dev",   "Isha",   "Kabir", "Nora",  "Leo",   "Maya",   "Rohan"};
const char *const kLastNames[] = {"Rao",    "Sharma", "Iyer",   "Patel",    "Khan",   "Singh",
                                  "Gupta",  "Nair",   "Menon",  "Das",      "Garcia", "Silva",
                                  "Müller", "Novak",  "Kim",    "Tanaka",   "Haddad", "Okafor",
                                  "Jensen", "Rossi",  "Dubois", "Kowalski", "Ali",    "Chopra"};
const char *const kCourseTitles[] = {"Voice Clarity Track",       "Public Speaking Basics",
                                     "Data Analysis with Python", "Watercolour Fundamentals",
                                     "Personal Finance 101",      "Spoken English Advanced",
                                     "UX Design Essentials",      "Yoga for Beginners"};
const char *const kItemTypes[] = {"video", "video", "pdf", "quiz", "video", "assignment"};

QString hex24(QRandomGenerator &rng, qint64 ms)
{
    return DemoData::objectId(quint64(ms / 1000), rng.generate64());
}
} // namespace

QString DemoData::objectId(quint64 timeSeconds, quint64 random)
{
    return QString::asprintf("%08llx%016llx", static_cast<unsigned long long>(timeSeconds & 0xffffffffu),
                             static_cast<unsigned long long>(random));
}

DemoData::Summary DemoData::generate(const SandboxOptions &o, AppwriteStore *appwrite, GraphyStore *graphy)
{
    QRandomGenerator rng(o.seed);
    Summary summary;
    graphy->clear();
    const int courseCount = std::max(1, o.courses);
    for (int c = 0; c < courseCount; ++c) {
        GraphyStore::Product p;
        p.createdAt = kLearnersFrom - (courseCount - c) * 30 * 24 * kHour;
        p.id = hex24(rng, p.createdAt);
        p.title = QString::fromUtf8(kCourseTitles[c % 8]) +
                  (c >= 8 ? QStringLiteral(" %1").arg(c / 8 + 1) : QString());
        p.instructor =
            QString::fromUtf8(kFirstNames[c % 32]) + QLatin1Char(' ') + QString::fromUtf8(kLastNames[c % 24]);
        p.price = 999 + 500 * c;
        // The last course of three or more has no items at all (completion rule edge case).
        const int items = (courseCount >= 3 && c == courseCount - 1) ? 0 : 4 + int(rng.bounded(9));
        for (int i = 0; i < items; ++i) {
            const char *type = kItemTypes[rng.bounded(6)];
            p.items.append(
                {QStringLiteral("%1 %2")
                     .arg(QString::fromLatin1(type) == QLatin1String("quiz") ? QStringLiteral("Quiz")
                                                                             : QStringLiteral("Lesson"))
                     .arg(i + 1),
                 QString::fromLatin1(type), 60 * (2 + int(rng.bounded(28)))});
        }
        graphy->products().append(p);
    }

    // Both are null in an empty database: the learners are then made (same random draws, so Graphy
    // gets the same data) but only Graphy keeps them.
    Collection *learners = appwrite->learners();
    Collection *events = appwrite->events();
    const qint64 now = IsoTime::nowMs();
    auto slot = [now](Collection *c, const char *key) {
        return c ? c->slotOf(QString::fromLatin1(key), now) : Collection::kUnknownSlot;
    };
    const int sEmail = slot(learners, "email"), sName = slot(learners, "name"),
              sCourse = slot(learners, "course_id");
    const int sStatus = slot(learners, "status"), sData = slot(learners, "completion_data");
    const int sCompletedAt = slot(learners, "completed_at"),
              sChecked = slot(learners, "last_completion_check");
    auto set = [](Document &d, int s, const FieldValue &v) {
        if (s >= 0)
            d.setField(s, v);
    };

    for (int i = 0; i < o.learners; ++i) {
        const qint64 createdAt = kLearnersFrom + qint64(i) * 60000 + rng.bounded(60000);
        const QString docId = AppwriteStore::newId(createdAt, rng.generate());
        const QString first = QString::fromUtf8(kFirstNames[rng.bounded(32)]);
        const QString last = QString::fromUtf8(kLastNames[rng.bounded(24)]);
        const QString name = first + QLatin1Char(' ') + last;
        QString local = last.toLower();
        local.replace(QStringLiteral("ü"), QStringLiteral("ue"));
        const QString email = QStringLiteral("%1.%2.%3@example.com").arg(first.toLower(), local).arg(i + 1);
        const int productIndex = int(rng.bounded(courseCount));
        const GraphyStore::Product &product = graphy->products()[productIndex];
        const int items = int(product.items.size());

        const double kindRoll = rng.generateDouble();
        const bool unknown = kindRoll < 0.02;
        const bool notInCourse = !unknown && kindRoll < 0.04;
        const bool itemMissing = !unknown && !notInCourse && kindRoll < 0.06 && items > 0;
        const bool overHundred = kindRoll >= 0.06 && kindRoll < 0.07;
        const bool complete = overHundred || (kindRoll >= 0.07 && rng.generateDouble() < o.completedShare);
        const bool recorded = complete && rng.generateDouble() < 0.1;
        const bool checked = recorded || rng.generateDouble() < o.checkedShare;

        GraphyStore::Enrollment e;
        e.product = productIndex;
        e.assignedAt = createdAt + 5 * 60000;
        e.lastAccessAt = e.assignedAt + rng.bounded(90) * 24 * kHour + rng.bounded(24) * kHour;
        if (complete || itemMissing) {
            e.progress = overHundred ? 101 + int(rng.bounded(10)) : 100;
            // Completed flag as Graphy would set it; edge cases leave it false so the progress and
            // items rule has to decide.
            e.completed = complete && !overHundred && items > 0;
            for (int k = 0; k < items; ++k)
                e.itemsCompleted.append(true);
            if (itemMissing)
                e.itemsCompleted[int(rng.bounded(items))] = false;
        } else {
            e.progress = int(rng.bounded(96));
            const int done = items * e.progress / 100;
            for (int k = 0; k < items; ++k)
                e.itemsCompleted.append(k < done);
        }
        summary.graphyComplete += complete ? 1 : 0;
        summary.unknownToGraphy += unknown ? 1 : 0;
        summary.notInCourse += notInCourse ? 1 : 0;

        if (!unknown) {
            GraphyStore::Learner g;
            g.id = hex24(rng, createdAt - 3600000);
            g.email = email;
            g.name = name;
            g.mobile = QStringLiteral("+9198%1").arg(rng.bounded(100000000), 8, 10, QLatin1Char('0'));
            g.createdAt = createdAt - 3600000;
            g.lastLoginAt = e.lastAccessAt;
            g.hasToken = i % 7 != 3;
            if (notInCourse) {
                if (courseCount > 1) {
                    e.product = (productIndex + 1) % courseCount;
                    g.courses.append(e);
                }
            } else {
                g.courses.append(e);
            }
            graphy->addLearner(g);
        }

        auto doc = std::make_unique<Document>();
        doc->system[0] = FieldValue::ofString(docId);
        doc->system[1] = FieldValue::ofDateTime(createdAt);
        doc->system[2] = FieldValue::ofDateTime(createdAt);
        doc->system[3] = FieldValue::ofInteger(learners ? learners->nextSequence() : 0);
        set(*doc, sEmail, FieldValue::ofString(email));
        set(*doc, sName, FieldValue::ofString(name));
        set(*doc, sCourse, FieldValue::ofString(product.id));
        set(*doc, sStatus,
            FieldValue::ofString(recorded ? QStringLiteral("completed") : QStringLiteral("enrolled")));
        if (checked) {
            const qint64 checkedAt = kChecksFrom + rng.bounded(20 * 24) * kHour + rng.bounded(3600000);
            set(*doc, sChecked, FieldValue::ofDateTime(checkedAt));
            doc->system[2] = FieldValue::ofDateTime(checkedAt);
        }
        if (recorded) {
            const qint64 at = doc->system[2].integer;
            const QJsonObject digest{{QStringLiteral("progress"), e.progress},
                                     {QStringLiteral("totalTime"), graphy->timeSpent(e)},
                                     {QStringLiteral("course_items_count"), items},
                                     {QStringLiteral("completed_items"), items},
                                     {QStringLiteral("title"), product.title}};
            set(*doc, sData,
                FieldValue::ofString(
                    QString::fromUtf8(QJsonDocument(digest).toJson(QJsonDocument::Compact))));
            set(*doc, sCompletedAt, FieldValue::ofDateTime(at));
            summary.alreadyCompleted += events ? 1 : 0;

            const QString eventId = QStringLiteral("completion_%1_%2").arg(product.id, docId);
            auto event = std::make_unique<Document>();
            event->system[0] = FieldValue::ofString(QString::fromLatin1(
                QCryptographicHash::hash(eventId.toUtf8(), QCryptographicHash::Md5).toHex()));
            event->system[1] = FieldValue::ofDateTime(at - 1000);
            event->system[2] = FieldValue::ofDateTime(at - 1000);
            event->system[3] = FieldValue::ofInteger(events ? events->nextSequence() : 0);
            const QJsonObject payload{{QStringLiteral("learner_id"), docId},
                                      {QStringLiteral("progress"), e.progress}};
            const QList<QPair<const char *, FieldValue>> fields = {
                {"event_id", FieldValue::ofString(eventId)},
                {"event_type", FieldValue::ofString(QStringLiteral("course.completed"))},
                {"source", FieldValue::ofString(QStringLiteral("completion_checker"))},
                {"learner_id", FieldValue::ofString(docId)},
                {"email", FieldValue::ofString(email)},
                {"course_id", FieldValue::ofString(product.id)},
                {"payload", FieldValue::ofString(
                                QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)))},
                {"status", FieldValue::ofString(QStringLiteral("pending"))},
                {"received_at", FieldValue::ofDateTime(at - 1000)}};
            for (const auto &f : fields)
                set(*event, slot(events, f.first), f.second);
            if (events)
                events->insert(std::move(event));
        }
        if (learners)
            learners->insert(std::move(doc));
    }
    summary.learners = learners ? o.learners : 0; // learner documents in Appwrite
    return summary;
}

} // namespace sandbox
