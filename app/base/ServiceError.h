#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace cc {

// Why a call to a service failed. Every text in here is redacted before it is stored: building a
// ServiceError from raw text goes through SecretRedactor.
struct ServiceError
{
    enum class Kind {
        None,
        Network,     // connection refused/reset/closed, DNS, TLS handshake
        Timeout,     // no complete answer within the request timeout
        Http,        // the service answered with an error status
        Malformed,   // the answer was not what the API promises (not JSON, wrong shape, truncated)
        TooLarge,    // the answer exceeded the response size limit
        CircuitOpen, // not sent: the service's circuit breaker is open
        Aborted,     // cancelled by us (stop, shutdown)
        Config,      // refused before sending (e.g. plain http to a non-loopback host)
        Business,    // HTTP 200 carrying an error object (Graphy does this)
        Redirect,    // the service redirected where we do not follow: another host or scheme, or a write
    };

    Kind kind = Kind::None;
    QString service;   // "appwrite" or "graphy"
    QString operation; // e.g. "listDocuments"
    int httpStatus = 0;
    QString type;     // the service's own error type, e.g. "document_not_found"; ours for other kinds
    QString message;  // the service's message or ours
    QString detail;   // redacted request line and response snippet, for the error details view
    int attempts = 0; // how many times it was sent

    bool isError() const { return kind != Kind::None; }
    // Worth trying again later (by a retry, or by the next run).
    bool isTransient() const;
    // The kind of failure that means the service itself is in trouble (counts for the breaker).
    bool isServiceFailure() const;
    // The credentials were refused (401/403, or Appwrite's project_not_found).
    bool isAuthFailure() const;
    // The settings do not work with this service, for every learner alike: the credentials were
    // refused, the endpoint redirects elsewhere, or Graphy answered with an error object. Only the
    // operator can fix it; a run stops at the first one.
    bool isConfigurationFailure() const;
    // The service could not be used at all: unreachable, in trouble, paused by its circuit breaker,
    // or not usable with these settings (isConfigurationFailure). Not the learner's fault; the run or check
    // cannot go on.
    bool isUnavailable() const;
    // One line for logs and the UI: "graphy learnerByEmail: HTTP 503 general_server_error: ..."
    QString toString() const;
    // The scopes an Appwrite 401 says the key lacks: "… missing scopes ([\"rows.read\"])" →
    // {"rows.read"}; empty when the answer names none.
    QStringList missingScopes() const;

    static QString kindName(Kind kind);
    static Kind kindFromName(const QString &name); // None for an unknown name
};

} // namespace cc

Q_DECLARE_METATYPE(cc::ServiceError)
