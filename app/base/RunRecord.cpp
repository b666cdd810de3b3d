#include "RunRecord.h"

#include <array>
#include <utility>

namespace cc {

namespace {
constexpr std::array<std::pair<RunTrigger, const char *>, 4> kTriggers{{
    {RunTrigger::Schedule, "schedule"},
    {RunTrigger::Manual, "manual"},
    {RunTrigger::CatchUp, "catch_up"},
    {RunTrigger::CommandLine, "command_line"},
}};
constexpr std::array<std::pair<RunState, const char *>, 6> kStates{{
    {RunState::Running, "running"},
    {RunState::Finished, "finished"},
    {RunState::Partial, "partial"},
    {RunState::Failed, "failed"},
    {RunState::Skipped, "skipped"},
    {RunState::Interrupted, "interrupted"},
}};

template <typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char *>, N> &table, Enum value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char *>, N> &table, const QString &name)
{
    for (const auto &[v, text] : table) {
        if (name == QLatin1String(text))
            return v;
    }
    return std::nullopt;
}
} // namespace

QString triggerName(RunTrigger trigger)
{
    return nameOf(kTriggers, trigger);
}
std::optional<RunTrigger> triggerFromName(const QString &name)
{
    return valueOf(kTriggers, name);
}
QString runStateName(RunState state)
{
    return nameOf(kStates, state);
}
std::optional<RunState> runStateFromName(const QString &name)
{
    return valueOf(kStates, name);
}

} // namespace cc
