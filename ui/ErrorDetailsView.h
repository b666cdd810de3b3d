#pragma once

#include "base/ErrorEntry.h"

#include <QPlainTextEdit>

namespace cc {

// The details of one error entry, or of a whole cause, as plain monospace text: what failed,
// where, what the app does next, and the redacted request line and response snippet.
class ErrorDetailsView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ErrorDetailsView(QWidget *parent = nullptr);

    void showEntry(const ErrorEntry &entry);
    void showCause(const QString &summary, const QList<ErrorEntry> &entries);
    void showNothing();

    static QString entryText(const ErrorEntry &entry);
    static QString causeText(const QString &summary, const QList<ErrorEntry> &entries);
    // What the app does about an error like this one.
    static QString whatHappensNext(const ErrorEntry &entry);
};

} // namespace cc
