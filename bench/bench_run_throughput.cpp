// How close a run gets to the ideal min(concurrency ÷ latency, the service's limit), how many Graphy
// requests the limit refused, and how far ahead of a one-request-at-a-time loop it is
// (docs/ARCHITECTURE.md §6 and §11.6; issue 12). Runs the real RunEngine through CheckerServices,
// as the app builds it, with the shipped adaptive rate (rate limit = auto: start 5/s, ceiling
// 1000/s), against a sandbox in a thread of this process with a fixed Graphy latency and a real
// Graphy rate limit (POST /_sandbox/settings {"graphyRateLimit": R}). Prints ratios measured in this
// one run; asserts nothing about speed.
//
//   bench_run_throughput [--latency 20] [--seconds 15] [--max-learners 8000] [--shipped-learners 1500]
//                        [--limits 0,20,100] [--smoke]
// Each matrix row checks about `seconds` × its ideal rate learners (at least 200, at most
// max-learners). --smoke: tiny counts, one limit (20/s), C = 4, start rate 50/s, a few seconds; fails
// only if a run does not check every enrolled learner. Exit code 1 then, whatever the mode.
#include "EngineBenchKit.h"
#include "SandboxHost.h"
#include "base/Clock.h"
#include "checker/CheckerServices.h"
#include "checker/CompletionRule.h"
#include "checker/EngineConfiguration.h"
#include "checker/EnrolledLearnerPager.h"
#include "checker/EventIdentity.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <algorithm>
#include <cstdio>

using namespace cc;
using benchkit::RunFigures;

namespace {
struct Options
{
    int latencyMs = 20;
    double seconds = 15;
    int maxLearners = 8000;
    int shippedLearners = 1500;
    bool smoke = false;
    QList<double> limits{0.0, 20.0, 100.0};
};

struct Row
{
    QString label;
    double limit = 0; // the sandbox's Graphy limit, 0: none
    int concurrency = 0;
    int learners = 0;
    RunFigures run;
    double ideal = 0;
    double share429 = 0;
};

// The original function: list the learners, then for each one Graphy GET and, if Graphy says the
// course is complete, one Appwrite write (the certificate event), strictly one request at a time,
// no pacing. Through the real clients (CheckerServices at concurrency 1, no rate limit), so the
// HTTP stack is the engine's. Returns learners/s (0 if a request failed); counts into `checked`.
double oneAtATimeLoop(const EngineSettings &shipped, int *checked)
{
    EngineSettings s = shipped;
    s.concurrency = 1;
    s.graphyRatePerSecond = s.appwriteRatePerSecond = 0;
    s.graphyRateAdaptive = s.appwriteRateAdaptive = false;
    CheckerServices services(s, CheckerServices::Purpose::Checking, SystemClock::instance());
    QElapsedTimer timer;
    timer.start();
    QList<LearnerRecord> learners;
    bool failed = false;
    {
        EnrolledLearnerPager pager(services.appwrite(), s, QDateTime::currentDateTimeUtc());
        QEventLoop loop;
        QObject::connect(&pager, &EnrolledLearnerPager::learnersReady, &loop,
                         [&](const QList<LearnerRecord> &page) {
                             learners += page;
                             pager.fetchMore();
                         });
        QObject::connect(&pager, &EnrolledLearnerPager::finished, &loop, &QEventLoop::quit);
        QObject::connect(&pager, &EnrolledLearnerPager::failed, &loop, [&] {
            failed = true;
            loop.quit();
        });
        pager.start();
        loop.exec();
    }
    QObject context;
    for (const LearnerRecord &learner : learners) {
        QEventLoop loop;
        CompletionVerdict verdict;
        services.graphy()->learnerByEmail(learner.email, &context, [&](const Result<GraphyLearner> &r) {
            if (r.ok())
                verdict = CompletionRule::evaluate(r.value(), learner.courseId);
            else if (r.error().httpStatus != 404)
                failed = true;
            loop.quit();
        });
        loop.exec();
        if (verdict.outcome == LearnerOutcome::Completed) {
            const QString eventId = EventIdentity::eventId(learner.courseId, learner.id);
            const QJsonObject event{
                {"event_id", eventId},
                {"event_type", "course.completed"},
                {"source", "completion_checker"},
                {"learner_id", learner.id},
                {"email", learner.email},
                {"course_id", learner.courseId},
                {"payload", "{}"},
                {"status", "pending"},
                {"received_at", AppwriteClient::formatDateTime(QDateTime::currentDateTimeUtc())}};
            services.appwrite()->createDocument(s.eventsCollection, EventIdentity::documentId(eventId), event,
                                                &context, [&](const Result<CreateOutcome> &r) {
                                                    failed = failed || !r.ok();
                                                    loop.quit();
                                                });
            loop.exec();
        }
        ++*checked;
    }
    return failed ? 0 : *checked * 1000.0 / std::max<qint64>(1, timer.elapsed());
}

Options parse(const QStringList &args)
{
    Options o;
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        const QString next = i + 1 < args.size() ? args[i + 1] : QString();
        if (a == QLatin1String("--smoke"))
            o.smoke = true;
        else if (a == QLatin1String("--latency") && ++i)
            o.latencyMs = next.toInt();
        else if (a == QLatin1String("--seconds") && ++i)
            o.seconds = next.toDouble();
        else if (a == QLatin1String("--max-learners") && ++i)
            o.maxLearners = next.toInt();
        else if (a == QLatin1String("--shipped-learners") && ++i)
            o.shippedLearners = next.toInt();
        else if (a == QLatin1String("--limits") && ++i) { // e.g. 0,20,100 (0: none)
            o.limits.clear();
            for (const QString &limit : next.split(QLatin1Char(',')))
                o.limits.append(limit.toDouble());
        }
    }
    if (o.smoke) {
        o.seconds = 1;
        o.maxLearners = 40;
        o.shippedLearners = 40;
    }
    return o;
}

void printRow(const Row &r, double loopRate)
{
    const double rate = r.run.record.processed / r.run.seconds;
    std::printf("%-9s %-6s %4d %7d %8.1f %9.1f %8.1f %7.0f%% %7.0f%% %6.1f%% %7.1fx  %s | %s\n",
                qPrintable(r.label), r.limit > 0 ? qPrintable(QStringLiteral("%1/s").arg(r.limit)) : "none",
                r.concurrency, r.run.record.processed, r.run.seconds, rate, r.ideal, 100.0 * rate / r.ideal,
                100.0 * r.run.steadyRate / r.ideal, 100.0 * r.share429, loopRate > 0 ? rate / loopRate : 0.0,
                qPrintable(r.run.graphyPace), qPrintable(r.run.appwritePace));
    std::fflush(stdout);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options o = parse(app.arguments());
    sandbox::SandboxHost host;
    QString error;
    if (!host.start(sandbox::SandboxOptions{}, &error)) {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(error));
        return 1;
    }
    benchkit::SandboxControl control(host.controlBase());
    EngineSettings shipped = EngineConfiguration::engineSettings(benchkit::shippedConfig(host.port()));
    if (o.smoke) // seconds, not the climb from 5/s: the smoke run proves the runs work, not their pace
        shipped.graphyStartRate = shipped.appwriteStartRate = 50;
    const double ceiling = 1000; // AdaptiveRate's, with rate limit = auto
    bool allChecked = true;

    // Resets the sandbox, applies latency and limit, runs, and reads the share of 429s.
    auto measure = [&](Row row, EngineSettings s) {
        const int enrolled = control.reset(row.learners);
        if (enrolled < 0 || !control.setGraphyLatency(o.latencyMs) ||
            !control.setGraphyRateLimit(row.limit) || !control.clearRequestCounts()) {
            std::fprintf(stderr, "sandbox control API failed\n");
            std::exit(1);
        }
        s.concurrency = row.concurrency;
        row.run = benchkit::runEngine(s);
        const QJsonObject counts = control.requestCounts();
        const int requests = counts.value(QStringLiteral("graphy")).toInt();
        row.share429 =
            requests > 0 ? counts.value(QStringLiteral("graphyRateLimited")).toInt() / double(requests) : 0;
        const double bound = row.concurrency * 1000.0 / std::max(1, o.latencyMs);
        row.ideal = row.limit > 0 ? std::min(bound, row.limit) : bound;
        if (row.run.record.processed != enrolled || row.run.record.state != RunState::Finished) {
            allChecked = false;
            std::fprintf(stderr, "%s: checked %d of %d enrolled (%s, %d errors)\n", qPrintable(row.label),
                         row.run.record.processed, enrolled, qPrintable(row.run.record.endReason),
                         row.run.record.errors);
        }
        return row;
    };

    // The one-at-a-time loop, once, with no limit: every row's ratio is to this.
    control.reset(o.smoke ? 20
                          : std::clamp(int(o.seconds * 1000.0 / std::max(1, o.latencyMs) * 0.8), 200, 2000));
    control.setGraphyLatency(o.latencyMs);
    control.setGraphyRateLimit(0);
    int loopChecked = 0;
    const double loopRate = oneAtATimeLoop(shipped, &loopChecked);
    if (loopRate <= 0)
        allChecked = false;

    std::printf("Graphy latency %d ms; adaptive rate as shipped (start 5/s, ceiling %.0f/s); batch %d; "
                "one-at-a-time loop: %d learners, %.1f learners/s (real clients, concurrency 1, no limit)\n",
                o.latencyMs, ceiling, shipped.batchSize, loopChecked, loopRate);
    std::printf("ideal = min(C/latency, limit); steady = learners/s over the run's second half, as a share "
                "of ideal; 429 = share of Graphy requests answered 429; pace = each channel's at the end\n");
    std::printf("%-9s %-6s %4s %7s %8s %9s %8s %8s %8s %7s %8s  %s\n", "row", "limit", "C", "learners",
                "seconds", "learners/s", "ideal", "of ideal", "steady", "429", "vs loop",
                "pace at end: Graphy | Appwrite");
    const QList<double> limits = o.smoke ? QList<double>{20.0} : o.limits;
    const QList<int> concurrencies = o.smoke ? QList<int>{4} : QList<int>{1, 4, 16, 64};
    for (double limit : limits) {
        for (int c : concurrencies) {
            Row row;
            row.label = QStringLiteral("adaptive");
            row.limit = limit;
            row.concurrency = c;
            double effective = std::min(c * 1000.0 / std::max(1, o.latencyMs), ceiling);
            if (limit > 0)
                effective = std::min(effective, limit);
            row.learners = std::clamp(int(effective * o.seconds), o.smoke ? 10 : 200, o.maxLearners);
            printRow(measure(row, shipped), loopRate);
        }
        // What a user gets: AppConfig{} as shipped, then the next run starting at the pace found.
        Row first;
        first.label = QStringLiteral("shipped");
        first.limit = limit;
        first.concurrency = shipped.concurrency;
        first.learners = o.shippedLearners;
        first = measure(first, shipped);
        printRow(first, loopRate);
        EngineSettings next = shipped;
        next.graphyStartRate = first.run.graphyEndRate;
        next.appwriteStartRate = first.run.appwriteEndRate;
        Row second = first;
        second.label = QStringLiteral("next run");
        printRow(measure(second, next), loopRate);
    }
    return allChecked ? 0 : 1;
}
