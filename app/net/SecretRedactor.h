#pragma once

#include <QString>
#include <QUrl>

namespace cc {

// Removes secrets from any text that may reach a log, the UI, the local database or stdout.
// Two layers: the values of every secret the process was given (registered when the clients are
// configured), and patterns that look like secrets wherever they come from (a `key=` URL parameter,
// an X-Appwrite-Key header line), so that a secret we were never told about is still hidden.
class SecretRedactor
{
public:
    static constexpr const char *kMask = "[redacted]";

    // Thread-safe; secrets shorter than 4 characters are ignored (they would mask ordinary words).
    static void registerSecret(const QString &secret);
    static QString redact(const QString &text);
    static QString redactUrl(const QUrl &url);
    // True when a header's value must never be shown.
    static bool isSecretHeader(const QByteArray &name);
};

} // namespace cc
