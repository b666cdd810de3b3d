#include "ConfigRules.h"

#include "RateLimitSetting.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

namespace cc::configrules {

bool isLoopbackHost(const QString &host)
{
    QString h = host.trimmed().toLower();
    if (h.endsWith(QLatin1Char('.')))
        h.chop(1);
    if (h == QLatin1String("localhost"))
        return true;
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    const QHostAddress address(h);
    return !address.isNull() && address.isLoopback();
}

Rule requiredText()
{
    return [](const QVariant &value) {
        return value.toString().trimmed().isEmpty() ? QStringLiteral("is not set") : QString();
    };
}

Rule requiredSecret()
{
    return [](const QVariant &value) {
        const QString text = value.toString();
        if (text.trimmed().isEmpty())
            return QStringLiteral("is not set");
        for (const QChar c : text) {
            if (c.isSpace() || !c.isPrint())
                return QStringLiteral("contains spaces or control characters (value not shown)");
        }
        return QString();
    };
}

Rule serviceUrl(bool required)
{
    return [required](const QVariant &value) -> QString {
        const QString text = value.toString().trimmed();
        if (text.isEmpty())
            return required ? QStringLiteral("is not set") : QString();
        const QUrl url(text, QUrl::StrictMode);
        const QString shown = QUrl(text).toString(QUrl::RemoveUserInfo);
        if (!url.isValid() || url.host().isEmpty())
            return QStringLiteral("is not a valid URL (\"%1\"); expected e.g. https://cloud.appwrite.io/v1")
                .arg(shown);
        const QString scheme = url.scheme().toLower();
        if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
            return QStringLiteral("must be an https:// URL, not %1:// (\"%2\")").arg(scheme, shown);
        if (!url.userInfo().isEmpty())
            return QStringLiteral("must not contain a user name or password; keys have their own settings");
        if (url.hasQuery() || url.hasFragment())
            return QStringLiteral("must not have a query or fragment (\"%1\")").arg(shown);
        if (scheme == QLatin1String("http") && !isLoopbackHost(url.host()))
            return QStringLiteral("uses plain http:// to \"%1\"; keys would travel unencrypted. Use https:// "
                                  "(plain http is allowed only for localhost, 127.0.0.0/8 and ::1)")
                .arg(url.host());
        return {};
    };
}

Rule integerRange(int minimum, int maximum)
{
    return [minimum, maximum](const QVariant &value) -> QString {
        const qlonglong v = value.toLongLong();
        if (v < minimum || v > maximum)
            return QStringLiteral("must be between %1 and %2, got %3").arg(minimum).arg(maximum).arg(v);
        return {};
    };
}

Rule positiveReal(double maximum)
{
    return [maximum](const QVariant &value) -> QString {
        const double v = value.toDouble();
        if (!(v > 0) || v > maximum)
            return QStringLiteral("must be more than 0 and at most %1, got %2").arg(maximum).arg(v);
        return {};
    };
}

Rule rateLimit()
{
    return [](const QVariant &value) -> QString {
        QString why;
        RateLimitSetting::parse(value.toString(), &why);
        return why;
    };
}

Rule oneOf(const QStringList &choices)
{
    return [choices](const QVariant &value) -> QString {
        if (choices.contains(value.toString().trimmed(), Qt::CaseInsensitive))
            return {};
        return QStringLiteral("must be one of %1 (\"%2\")")
            .arg(choices.join(QStringLiteral(", ")), value.toString());
    };
}

Rule appwriteKey()
{
    return [](const QVariant &value) -> QString {
        static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$"));
        const QString text = value.toString();
        if (text.isEmpty())
            return QStringLiteral("is empty");
        if (!pattern.match(text).hasMatch())
            return QStringLiteral(
                       "is not a valid Appwrite ID or attribute key (\"%1\"): 1 to 36 characters of "
                       "a-z, A-Z, 0-9, '.', '-' and '_', not starting with '.', '-' or '_'")
                .arg(text);
        return {};
    };
}

Rule anything()
{
    return [](const QVariant &) { return QString(); };
}

} // namespace cc::configrules
