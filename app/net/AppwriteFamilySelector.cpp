#include "AppwriteFamilySelector.h"

#include "base/ServiceError.h"

namespace cc {

AppwriteFamilySelector::AppwriteFamilySelector(AppwriteApi preference)
    : m_preference(preference), m_current(&AppwriteFamily::of(preference)),
      m_reason(preference == AppwriteApi::Auto ? QStringLiteral("chosen automatically")
                                               : QStringLiteral("set by APPWRITE_API"))
{}

QString AppwriteFamilySelector::description() const
{
    return QStringLiteral("%1 (%2)").arg(QLatin1String(m_current->title), m_reason);
}

void AppwriteFamilySelector::choose(const AppwriteFamily &family, const QString &reason)
{
    m_current = &family;
    m_reason = reason;
}

bool AppwriteFamilySelector::noteServerVersion(const QString &version)
{
    m_serverVersion = version;
    if (m_preference != AppwriteApi::Auto || m_leftTablesDb || m_leftDocuments)
        return false; // forced, or an answer already decided more precisely than a version can
    const bool hasTablesDb = AppwriteFamily::versionAtLeast(version, 1, 8);
    if (!hasTablesDb && AppwriteFamily::versionAtLeast(version, 0, 0) &&
        m_current->api == AppwriteApi::TablesDb) {
        choose(AppwriteFamily::documents(),
               QStringLiteral("Appwrite %1 predates TablesDB (1.8): using the documents API").arg(version));
        return true;
    }
    if (hasTablesDb && m_current->api == AppwriteApi::Documents) {
        choose(AppwriteFamily::tablesDb(), QStringLiteral("chosen automatically"));
        return true;
    }
    return false;
}

bool AppwriteFamilySelector::isRouteMissing(const ServiceError &error)
{
    return error.kind == ServiceError::Kind::Http && error.httpStatus == 404 &&
           error.type == QLatin1String("general_route_not_found");
}

bool AppwriteFamilySelector::retryAfter(const AppwriteFamily &used, const ServiceError &error, bool *switched)
{
    *switched = false;
    if (m_preference != AppwriteApi::Auto)
        return false;
    const bool routeMissing = used.api == AppwriteApi::TablesDb && isRouteMissing(error);
    const bool deprecatedScope =
        used.api == AppwriteApi::Documents && AppwriteFamily::onlyDeprecatedScopes(error.missingScopes());
    if (!routeMissing && !deprecatedScope)
        return false;
    if (m_current != &used)
        return true; // another call already moved on
    if (routeMissing && !m_leftTablesDb) {
        m_leftTablesDb = true;
        choose(
            AppwriteFamily::documents(),
            QStringLiteral("switched: this Appwrite answers TablesDB routes with 404, so it predates 1.8"));
        *switched = true;
        return true;
    }
    if (deprecatedScope && !m_leftDocuments) {
        m_leftDocuments = true;
        choose(AppwriteFamily::tablesDb(),
               QStringLiteral("switched: the key lacks %1, which only the deprecated documents API needs")
                   .arg(error.missingScopes().join(QStringLiteral(", "))));
        *switched = true;
        return true;
    }
    return false;
}

} // namespace cc
