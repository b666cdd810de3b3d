// completion-sandbox: the Appwrite + Graphy imitation as a standalone process.
#include "SandboxService.h"

#include <QCoreApplication>
#include <QTimer>
#include <csignal>
#include <cstdio>

namespace {
volatile std::sig_atomic_t g_stopRequested = 0;
void requestStop(int)
{
    g_stopRequested = 1;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    sandbox::SandboxOptions options;
    QString error;
    if (!sandbox::SandboxOptions::parseArguments(app.arguments().mid(1), &options, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    sandbox::SandboxService service(options);
    if (!service.start(&error)) {
        std::fprintf(stderr, "completion-sandbox: cannot listen: %s\n", qPrintable(error));
        return 3;
    }
    const quint16 port = service.port();
    const auto &s = service.summary();
    std::printf("Completion Checker sandbox on 127.0.0.1:%u (%d learners, seed %u)\n", port, s.learners,
                options.seed);
    std::printf("  APPWRITE_ENDPOINT=http://127.0.0.1:%u/v1\n", port);
    std::printf("  APPWRITE_PROJECT=%s\n", qPrintable(options.projectId));
    std::printf("  APPWRITE_API_KEY=%s   (read-only key: %s)\n", qPrintable(options.apiKey),
                qPrintable(options.readOnlyApiKey));
    std::printf("  APPWRITE_DATABASE_ID=%s%s\n", qPrintable(options.databaseId),
                options.emptyDatabase ? "   (empty: no collections yet)" : "");
    std::printf("  (imitating Appwrite %s, API key scopes: %s)\n",
                qPrintable(sandbox::SandboxOptions::fullVersion(options.appwriteVersion)),
                qPrintable(sandbox::SandboxOptions::keyScopesName(options.keyScopes)));
    std::printf("  GRAPHY_API_BASE=http://127.0.0.1:%u\n", port);
    std::printf("  GRAPHY_MERCHANT_ID=%s\n", qPrintable(options.graphyMid));
    std::printf("  GRAPHY_API_KEY=%s\n", qPrintable(options.graphyKey));
    std::printf("  control: http://127.0.0.1:%u/_sandbox\n", port);
    std::printf("SANDBOX_READY port=%u\n", port);
    std::fflush(stdout);

    // Signal handlers only set a flag; a timer turns it into a clean quit in the event loop.
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [] {
        if (g_stopRequested)
            QCoreApplication::quit();
    });
    poll.start(100);
    const int rc = app.exec();
    service.stop();
    return rc;
}
