#pragma once

#include "EngineSettings.h"

#include <QString>

namespace cc {

class CheckerServices;
class LocalStore;
struct RunRecord;

// The pace each service accepted, kept in the local store between runs and restarts
// (docs/ARCHITECTURE.md §6), so a run starts near the rate the last one found instead of climbing
// from the moderate default again. Kept per service account (host + merchant or project): another
// merchant's limit says nothing about this one's. Only adaptive limits are remembered.
class RememberedPace
{
public:
    // Sets the adaptive start rates in `settings` from what `store` remembers.
    static void recall(const LocalStore &store, EngineSettings &settings);
    // Keeps the rates the services' channels are at now; false if the store refused.
    static bool remember(const CheckerServices &services, const EngineSettings &settings, LocalStore &store);
    // The pace of each service now, for a run's figures ("Graphy: 38/s — held back after a 429 at 41/s").
    static void describe(const CheckerServices &services, RunRecord &run);

    static QString graphyKey(const EngineSettings &settings);
    static QString appwriteKey(const EngineSettings &settings);
};

} // namespace cc
