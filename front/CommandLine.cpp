#include "CommandLine.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace cc {

bool CommandLine::parse(const QStringList &arguments, CommandLineRequest *request, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Completion Checker: makes sure no course completion is missed.\n"
        "Lists enrolled learners in Appwrite, asks Graphy whether they completed, and writes exactly one\n"
        "certificate event per completion.\n\n"
        "Exit codes: 0 ok; 1 the run finished with learner errors (or the learner was not found / its check\n"
        "failed); 2 bad configuration or usage (also: Appwrite schema problems found by --health, and\n"
        "--verify-schema or --provision-schema finding something missing or wrong); 3 a service was\n"
        "unreachable or refused the credentials (or the key lacks a scope); 4 another Completion Checker is\n"
        "using the same data directory (see --wait).\n\n"
        "A new database in one command: --provision-schema creates the tables (collections), columns\n"
        "(attributes) and indexes the checker needs, and only those that are missing; it never changes or\n"
        "deletes anything. Needs only the APPWRITE_* settings, and a key with the tables.write,\n"
        "columns.write and indexes.write scopes (collections.write on Appwrite before 1.8).\n\n"
        "Configuration: options > environment (APPWRITE_ENDPOINT, APPWRITE_PROJECT, APPWRITE_API_KEY,\n"
        "GRAPHY_API_BASE, GRAPHY_API_KEY, GRAPHY_MERCHANT_ID, ...) > settings file > defaults."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("Run the scheduler without a GUI (servers)."));
    const QCommandLineOption once(QStringLiteral("once"), QStringLiteral("One full run now, then exit."));
    const QCommandLineOption health(QStringLiteral("health"),
                                    QStringLiteral("Check both APIs and the schema, then exit."));
    const QCommandLineOption check(QStringLiteral("check"),
                                   QStringLiteral("Check one learner (document ID or e-mail), then exit."),
                                   QStringLiteral("ID|EMAIL"));
    const QCommandLineOption provisionSchema(
        QStringLiteral("provision-schema"),
        QStringLiteral("Create the Appwrite tables (collections), columns and indexes the checker needs that "
                       "are missing, wait until Appwrite has built them, list each one, then exit. Never "
                       "changes or deletes what exists: a column of the wrong type is reported."));
    const QCommandLineOption verifySchema(
        QStringLiteral("verify-schema"),
        QStringLiteral("Compare the Appwrite schema with what the checker needs, change nothing, then exit: "
                       "0 when complete, 2 when something is missing or wrong (for CI)."));
    const QCommandLineOption dryRun(
        QStringLiteral("dry-run"),
        QStringLiteral("With --check: report what would be written; write nothing. With --provision-schema: "
                       "list what would be created; create nothing."));
    const QCommandLineOption certifyNotEnrolled(
        QStringLiteral("certify-not-enrolled"),
        QStringLiteral("With --check: certify the learner even if its status is not the enrolled value "
                       "(refunded, completed…), when Graphy says complete. Without it such a learner is "
                       "shown, never written."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Machine-readable output: one JSON object on stdout."));
    const QCommandLineOption sandbox(
        QStringLiteral("sandbox"),
        QStringLiteral("Start the built-in sandbox (loopback imitation of Appwrite and Graphy with demo "
                       "data) and use it. Needs no accounts."));
    const QCommandLineOption sandboxLearners(QStringLiteral("sandbox-learners"),
                                             QStringLiteral("Demo learners in the sandbox (default 200)."),
                                             QStringLiteral("N"));
    const QCommandLineOption batchSize(QStringLiteral("batch-size"),
                                       QStringLiteral("Learners per Appwrite page (1-100, default 50)."),
                                       QStringLiteral("N"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"),
                                         QStringLiteral("Learners checked at once (default 4)."),
                                         QStringLiteral("N"));
    const QCommandLineOption rateLimit(
        QStringLiteral("rate-limit"),
        QStringLiteral("Graphy requests per second, or auto: find the service's pace (default auto)."),
        QStringLiteral("R"));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"), QStringLiteral("Where the local database lives."), QStringLiteral("DIR"));
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("Read settings from this ini file."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption minimized(QStringLiteral("minimized"),
                                       QStringLiteral("Desktop: start in the tray."));
    const QCommandLineOption gui(
        QStringLiteral("gui"),
        QStringLiteral("Desktop: with --check, open the Check learner dialog in the desktop app (the one "
                       "already running, if any) instead of checking on the command line."));
    const QCommandLineOption wait(
        QStringLiteral("wait"),
        QStringLiteral("If another Completion Checker is using the data directory, wait until it ends "
                       "(default: exit with code 4)."));
    parser.addOptions({headless, once, health, check, provisionSchema, verifySchema, dryRun,
                       certifyNotEnrolled, json, sandbox, sandboxLearners, batchSize, concurrency, rateLimit,
                       dataDir, config, minimized, gui, wait});

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first());
        return false;
    }

    int modes = 0;
    for (const auto *o : {&headless, &once, &health, &check, &provisionSchema, &verifySchema})
        modes += parser.isSet(*o) ? 1 : 0;
    if (modes > 1) {
        *error = QStringLiteral(
            "choose one of --headless, --once, --health, --check, --provision-schema, --verify-schema");
        return false;
    }
    using Mode = CommandLineRequest::Mode;
    const bool desktop = parser.isSet(gui);
    if (desktop && (parser.isSet(headless) || parser.isSet(once) || parser.isSet(health) ||
                    parser.isSet(provisionSchema) || parser.isSet(verifySchema))) {
        *error = QStringLiteral("--gui goes with the desktop app (and --check), not with --headless, "
                                "--once, --health, --provision-schema or --verify-schema");
        return false;
    }
    request->mode = parser.isSet(headless)            ? Mode::Headless
                    : parser.isSet(once)              ? Mode::Once
                    : parser.isSet(health)            ? Mode::Health
                    : parser.isSet(provisionSchema)   ? Mode::ProvisionSchema
                    : parser.isSet(verifySchema)      ? Mode::VerifySchema
                    : parser.isSet(check) && !desktop ? Mode::Check
                                                      : Mode::Desktop;
    request->checkTarget = parser.value(check).trimmed();
    if (parser.isSet(check) && request->checkTarget.isEmpty()) {
        *error = QStringLiteral("--check needs a learner document ID or e-mail");
        return false;
    }
    request->dryRun = parser.isSet(dryRun);
    request->wait = parser.isSet(wait);
    if (request->dryRun && request->mode != Mode::Check && request->mode != Mode::ProvisionSchema) {
        *error = QStringLiteral("--dry-run only goes with --check or --provision-schema");
        return false;
    }
    request->certifyNotEnrolled = parser.isSet(certifyNotEnrolled);
    if (request->certifyNotEnrolled && request->mode != Mode::Check) {
        *error = QStringLiteral("--certify-not-enrolled only goes with --check");
        return false;
    }
    request->json = parser.isSet(json);
    if (request->json && (request->mode == Mode::Desktop || request->mode == Mode::Headless)) {
        *error = QStringLiteral("--json goes with --once, --health, --check, --provision-schema or "
                                "--verify-schema");
        return false;
    }
    request->sandbox = parser.isSet(sandbox);
    request->minimized = parser.isSet(minimized);
    if (parser.isSet(sandboxLearners)) {
        bool ok = false;
        request->sandboxLearners = parser.value(sandboxLearners).toInt(&ok);
        if (!ok || request->sandboxLearners < 1 || request->sandboxLearners > 1000000) {
            *error = QStringLiteral("--sandbox-learners must be a number from 1 to 1000000");
            return false;
        }
    }
    request->settingsFile = parser.value(config);
    // Configuration values are checked by AppConfig::validate(), which names the setting.
    const QList<QPair<const QCommandLineOption *, ConfigKey>> keyed{{&batchSize, ConfigKey::BatchSize},
                                                                    {&concurrency, ConfigKey::Concurrency},
                                                                    {&rateLimit, ConfigKey::GraphyRateLimit},
                                                                    {&dataDir, ConfigKey::DataDir}};
    for (const auto &[option, key] : keyed) {
        if (parser.isSet(*option))
            request->overrides.insert(key, parser.value(*option));
    }
    return true;
}

} // namespace cc
