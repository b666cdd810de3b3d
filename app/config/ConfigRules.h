#pragma once

#include <QString>
#include <QVariant>
#include <functional>

namespace cc::configrules {

// The validators the key table is built from. Each returns why a value is unacceptable, or an
// empty string. Messages never repeat the value of a secret.
using Rule = std::function<QString(const QVariant &)>;

Rule requiredText();
Rule requiredSecret();
// http(s) URL; plain http only to a loopback host. `required` false: empty is fine.
Rule serviceUrl(bool required);
Rule integerRange(int minimum, int maximum);
Rule positiveReal(double maximum);
// "auto" or a positive number of requests per second (RateLimitSetting).
Rule rateLimit();
// Appwrite IDs and attribute keys: 1–36 of [a-zA-Z0-9._-], not starting with a special char.
Rule appwriteKey();
Rule anything();
// One of `choices`, compared without case.
Rule oneOf(const QStringList &choices);

// localhost, 127.0.0.0/8 and ::1: the only hosts plain http may go to.
bool isLoopbackHost(const QString &host);

} // namespace cc::configrules
