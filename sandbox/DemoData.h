#pragma once

#include "AppwriteStore.h"
#include "GraphyStore.h"
#include "SandboxOptions.h"

namespace sandbox {

// Deterministic demo world: the same seed gives the same learners, ids, courses and progress on
// both sides. Besides the plain cases it plants the awkward ones the checker must handle: learners
// unknown to Graphy, not enrolled in their course, progress 100 with an unfinished item, progress
// over 100, a course without items, and completions already recorded (event + completed status).
class DemoData
{
public:
    struct Summary
    {
        int learners = 0;
        int graphyComplete = 0;
        int alreadyCompleted = 0;
        int unknownToGraphy = 0;
        int notInCourse = 0;
    };

    static Summary generate(const SandboxOptions &options, AppwriteStore *appwrite, GraphyStore *graphy);
    static QString objectId(quint64 timeSeconds, quint64 random); // 24 hex, like a Mongo ObjectId
};

} // namespace sandbox
