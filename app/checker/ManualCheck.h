#pragma once

#include "EngineSettings.h"
#include "LearnerCheck.h"
#include "base/CheckedLearner.h"
#include "base/ErrorEntry.h"
#include "base/SingleCheckReport.h"

#include <QList>
#include <QObject>

namespace cc {

class LearnerLocks;

// A check by hand, beside RunEngine: finds the learner by document ID (or every learner with an
// e-mail), checks each with a LearnerCheck once the run's lock on it is free (after the run, never
// beside it), and reports once when all are done. Each learner's result also goes out on its own,
// so it reaches the store and the table like a run's.
class ManualCheck : public QObject
{
    Q_OBJECT
public:
    ManualCheck(const LearnerCheck::Services &services, const EngineSettings &settings, LearnerLocks *locks,
                quint64 requestId, const QString &idOrEmail, bool dryRun, QObject *parent = nullptr);

    void setCertifyNotEnrolled(bool certify) { m_certifyNotEnrolled = certify; }
    void start();

signals:
    void learnerChecked(const cc::CheckedLearner &checked, const QList<cc::ErrorEntry> &errors);
    void finished(const cc::SingleCheckReport &report);

private:
    void lookUpByEmail();
    void lookUpById();
    void checkAll(const QList<LearnerRecord> &learners);
    void checkOne(const LearnerRecord &learner);
    void onLockReleased(const QString &learnerId);
    void onCheckFinished(LearnerCheck *check);
    void fail(const QString &message, bool serviceFailure);

    LearnerCheck::Services m_services;
    EngineSettings m_settings;
    LearnerLocks *m_locks;
    SingleCheckReport m_report;
    QList<LearnerRecord> m_waiting; // locked by the run when their turn came
    int m_remaining = 0;
    bool m_certifyNotEnrolled = false;
};

} // namespace cc
