#pragma once

#include <QString>
#include <optional>

namespace cc {

// A service's rate limit setting: "auto" (find the service's pace, up to a ceiling) or a number of
// requests per second that is a fixed cap.
struct RateLimitSetting
{
    static constexpr double kAutoCeiling = 1000; // auto never goes faster than this
    static constexpr double kMaximum = 1000;     // the largest number accepted

    bool adaptive = true;
    double ceiling = kAutoCeiling; // requests per second: the fixed rate, or auto's cap

    // "auto" (any case) or a number in (0, kMaximum]; nullopt and *why otherwise.
    static std::optional<RateLimitSetting> parse(const QString &text, QString *why = nullptr);
    // The same, for a value already validated: falls back to auto.
    static RateLimitSetting fromText(const QString &text);
};

} // namespace cc
