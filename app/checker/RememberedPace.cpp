#include "RememberedPace.h"

#include "CheckerServices.h"
#include "base/RunRecord.h"
#include "net/ServiceChannel.h"
#include "store/LocalStore.h"

namespace cc {

namespace {
QString key(const QString &service, const QUrl &url, const QString &account)
{
    return QStringLiteral("pace/%1/%2:%3/%4")
        .arg(service, url.host(), QString::number(url.port(url.scheme() == QLatin1String("http") ? 80 : 443)),
             account);
}

double storedRate(const LocalStore &store, const QString &key)
{
    bool ok = false;
    const double rate = store.value(key).toDouble(&ok);
    return ok && rate > 0 ? rate : 0; // a damaged value starts from the default
}

bool keep(LocalStore &store, const QString &key, const ServiceChannel &channel)
{
    if (!channel.isAdaptive())
        return true;
    return store.setValue(key, QString::number(channel.currentRate(), 'f', 2));
}
} // namespace

QString RememberedPace::graphyKey(const EngineSettings &settings)
{
    return key(QStringLiteral("graphy"), settings.graphy.apiBase, settings.graphy.merchantId);
}

QString RememberedPace::appwriteKey(const EngineSettings &settings)
{
    return key(QStringLiteral("appwrite"), settings.appwrite.endpoint, settings.appwrite.projectId);
}

void RememberedPace::recall(const LocalStore &store, EngineSettings &settings)
{
    if (settings.graphyRateAdaptive && settings.graphyStartRate <= 0)
        settings.graphyStartRate = storedRate(store, graphyKey(settings));
    if (settings.appwriteRateAdaptive && settings.appwriteStartRate <= 0)
        settings.appwriteStartRate = storedRate(store, appwriteKey(settings));
}

bool RememberedPace::remember(const CheckerServices &services, const EngineSettings &settings,
                              LocalStore &store)
{
    const bool graphyKept = keep(store, graphyKey(settings), *services.graphyChannel());
    return keep(store, appwriteKey(settings), *services.appwriteChannel()) && graphyKept;
}

void RememberedPace::describe(const CheckerServices &services, RunRecord &run)
{
    run.graphyPace = services.graphyChannel()->paceDescription();
    run.appwritePace = services.appwriteChannel()->paceDescription();
}

} // namespace cc
