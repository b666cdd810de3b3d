#include "RateLimitSetting.h"

namespace cc {

std::optional<RateLimitSetting> RateLimitSetting::parse(const QString &text, QString *why)
{
    const QString trimmed = text.trimmed();
    if (trimmed.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0)
        return RateLimitSetting{};
    bool ok = false;
    const double value = trimmed.toDouble(&ok);
    if (!ok || !(value > 0) || value > kMaximum) {
        if (why)
            *why =
                QStringLiteral("must be auto, or more than 0 and at most %1 requests per second, got \"%2\"")
                    .arg(kMaximum)
                    .arg(trimmed);
        return std::nullopt;
    }
    return RateLimitSetting{false, value};
}

RateLimitSetting RateLimitSetting::fromText(const QString &text)
{
    return parse(text).value_or(RateLimitSetting{});
}

} // namespace cc
