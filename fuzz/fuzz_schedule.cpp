// A schedule as an operator types it (settings file, environment, command line, settings dialog):
// Schedule::parse (cron expressions and intervals), then what the scheduler does with it: the next
// slots after a time, the latest slot in a range, the description, and the canonical text.
//
// Input: the schedule text, optionally followed by a newline, one byte choosing the time zone, and
// up to 8 bytes choosing the start time (1970-2200).
#include "FuzzSupport.h"

#include "checker/Schedule.h"

#include <QTimeZone>

#include <array>

using namespace cc;

namespace {
const std::array<const char *, 8> kZones{
    "UTC",          "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
    "Asia/Kolkata", "Pacific/Apia",  "America/Santiago", "Europe/London"};
constexpr qint64 kStartMin = 0;             // 1970-01-01
constexpr qint64 kStartSpan = 7258118400LL; // to 2200-01-01
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0; // a schedule is one short line; longer inputs only slow the search
    const QByteArray input = fuzz::bytes(data, size);
    const qsizetype newline = input.indexOf('\n');
    const QString text = QString::fromUtf8(newline >= 0 ? input.left(newline) : input);
    const QByteArray tail = newline >= 0 ? input.mid(newline + 1) : QByteArray();

    static std::array<QTimeZone, kZones.size()> zones;
    const size_t zoneIndex = tail.isEmpty() ? 0 : static_cast<uchar>(tail.at(0)) % kZones.size();
    if (!zones[zoneIndex].isValid())
        zones[zoneIndex] = QTimeZone(kZones[zoneIndex]);
    const QTimeZone zone = zones[zoneIndex].isValid() ? zones[zoneIndex] : QTimeZone::utc();
    quint64 seed = 1763712000; // 2025-11-21
    for (qsizetype i = 1; i < tail.size() && i <= 8; ++i)
        seed = seed * 257 + static_cast<uchar>(tail.at(i));
    const QDateTime start =
        QDateTime::fromSecsSinceEpoch(kStartMin + static_cast<qint64>(seed % kStartSpan), Qt::UTC)
            .addMSecs(static_cast<qint64>(seed % 1000));

    QString error;
    const std::optional<Schedule> schedule = Schedule::parse(text, &error, zone);
    if (!schedule) {
        CC_FUZZ_CHECK(!error.isEmpty());
        return 0;
    }
    CC_FUZZ_CHECK(schedule->isValid());
    (void)schedule->describe();

    // The canonical text is accepted back as the same schedule.
    const QString canonical = schedule->toString();
    QString again;
    const std::optional<Schedule> reparsed = Schedule::parse(canonical, &again, zone);
    CC_FUZZ_CHECK(reparsed.has_value());
    CC_FUZZ_CHECK(*reparsed == *schedule);

    // Slots are strictly increasing, and each is the first after the previous.
    QDateTime t = start;
    QDateTime first;
    for (int i = 0; i < 4; ++i) {
        const QDateTime next = schedule->nextAfter(t);
        if (!next.isValid())
            break;
        CC_FUZZ_CHECK(next > t);
        if (!first.isValid())
            first = next;
        t = next;
    }
    if (first.isValid()) {
        // The latest slot in (start, t] is t itself; none lies in (start, first).
        CC_FUZZ_CHECK(schedule->latestInRange(start, t) == t);
        CC_FUZZ_CHECK(!schedule->latestInRange(start, first.addMSecs(-1)).isValid());
    }
    return 0;
}
