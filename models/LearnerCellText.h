#pragma once

#include "base/CheckedLearner.h"
#include "base/LearnerOutcome.h"

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QIcon>
#include <QString>

namespace cc {

// How a learner's values read on screen and in exports: one wording for the table, its tooltips,
// the CSV export and the manual check, and the outcome colours that keep their contrast on light
// and dark palettes.
class LearnerCellText
{
    Q_DECLARE_TR_FUNCTIONS(LearnerCellText)
public:
    static QString outcomeText(LearnerOutcome outcome); // "Completed", "Unknown to Graphy", ...
    static QString statusText(const QString &status);   // "Enrolled", "Completed", other as given
    // "42 % · 4 of 10 items": the percent capped at 100 (Graphy reports 104 %), the items when
    // Graphy counted them (-1: not counted); "—" when unknown.
    static QString progressText(double percent, int itemsCompleted = -1, int itemsTotal = -1);
    // The raw figures, for the tooltip: "Graphy reports 104 % progress; 9 of 10 course items completed".
    static QString progressToolTip(double percent, int itemsCompleted, int itemsTotal);
    static QString lastCheckText(const QDateTime &when, const QDateTime &now); // local, "never"

    // The time of the latest check: the check's own time, else the learner's
    // last_completion_check (a check by another tool); invalid when never checked.
    static QDateTime lastCheckTime(const CheckedLearner &row);

    static bool paletteIsDark();
    // Green for a completion, blue in progress, amber when Graphy does not know the learner in
    // this course, red on failure.
    static QColor outcomeColor(LearnerOutcome outcome, bool dark);
    // A small dot of outcomeColor(), for the outcome column. Needs a QGuiApplication.
    static QIcon outcomeDot(LearnerOutcome outcome, bool dark);
};

} // namespace cc
