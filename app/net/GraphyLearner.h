#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

namespace cc {

struct GraphyCourseItem
{
    QString title;
    QString type;
    double totalTime = -1;
    std::optional<bool> completed; // absent: not known to be completed
};

// One entry of a Graphy learner's `courses[]`. Optional members are the fields whose presence
// the public reports mark as likely or uncertain (docs/ARCHITECTURE.md §11.4): absent means "Graphy did not
// say", not "false".
struct GraphyCourse
{
    QString id;
    QString title;
    std::optional<double> progress;
    std::optional<double> totalTime;
    std::optional<bool> completed;
    bool hasItems = false; // the `course items` key was present
    QList<GraphyCourseItem> items;
    QString assignedDate;
    QString startDate;
    QString lastAccessDate;
    QJsonObject raw;
    // Fields the completion rule reads that were present with a value that cannot be read
    // ("'progress' is string \"abc\"", "'course items[2].completed' is number 1"). Such a course
    // decides nothing unless Graphy says `completed: true`.
    QStringList unreadable;
};

// The answer to "who is this e-mail on Graphy, and in which courses".
struct GraphyLearner
{
    bool found = false;
    QString id;
    QString email;
    QString name;
    QString apiVersion; // "v2" or "v1" (the fallback)
    QList<GraphyCourse> courses;
    // False when the answer had no `courses` array at all (Graphy ignored courseInfo): then "not
    // in the course" cannot be told from "not told", and nothing may be concluded.
    bool hasCourses = false;
    QJsonObject raw;

    const GraphyCourse *course(const QString &courseId) const
    {
        for (const GraphyCourse &c : courses) {
            if (c.id == courseId)
                return &c;
        }
        return nullptr;
    }
};

} // namespace cc

Q_DECLARE_METATYPE(cc::GraphyLearner)
