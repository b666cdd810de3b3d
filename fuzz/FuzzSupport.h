#pragma once

// Shared by the libFuzzer targets in this folder (docs/RELIABILITY.md, "Fuzzing").

#include "net/HttpExchange.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace cc::fuzz {

// Qt's debug and warning output would flood the fuzzer's log; a qFatal still aborts (a finding).
inline void quietQt()
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
            std::abort();
        }
    });
}

// A property of the parser's contract that does not hold: a finding, like a crash.
#define CC_FUZZ_CHECK(condition)                                                                             \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__);         \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
}

// The fuzzer's bytes as a service's 200 JSON answer: what the clients' parsers are handed.
inline HttpResult jsonAnswer(const uint8_t *data, size_t size)
{
    HttpResult result;
    result.status = 200;
    result.headers.insert("content-type", "application/json");
    result.body = bytes(data, size);
    return result;
}

} // namespace cc::fuzz
