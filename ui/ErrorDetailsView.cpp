#include "ErrorDetailsView.h"

#include <QFontDatabase>
#include <QSet>

namespace cc {

namespace {
constexpr int kCauseLinesShown = 50; // a cause may hold thousands; the first lines tell the story

QString line(const QString &name, const QString &value)
{
    return QStringLiteral("%1 %2\n").arg(name + QLatin1Char(':'), -12).arg(value);
}

QString timeOf(const ErrorEntry &e)
{
    return e.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}
} // namespace

ErrorDetailsView::ErrorDetailsView(QWidget *parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setPlaceholderText(tr("Select an error to see what failed, the request and the service's answer."));
}

void ErrorDetailsView::showEntry(const ErrorEntry &entry)
{
    setPlainText(entryText(entry));
}

void ErrorDetailsView::showCause(const QString &summary, const QList<ErrorEntry> &entries)
{
    setPlainText(causeText(summary, entries));
}

void ErrorDetailsView::showNothing()
{
    clear();
}

QString ErrorDetailsView::whatHappensNext(const ErrorEntry &entry)
{
    if (entry.service == QLatin1String("store"))
        return tr(
            "Checking goes on; the local history is not saved until the database can be written again.");
    if (entry.service == QLatin1String("config"))
        return tr("Runs cannot start until the setting is fixed in Settings.");
    if (!entry.learnerId.isEmpty())
        return tr("The learner stays enrolled and is checked again in the next run. "
                  "\"Retry affected learners now\" checks them at once.");
    return tr("The run stopped early; the next scheduled run starts again with the least recently checked "
              "learners.");
}

QString ErrorDetailsView::entryText(const ErrorEntry &entry)
{
    QString text;
    text += line(tr("Time"), timeOf(entry));
    text += line(tr("Service"), entry.service);
    text += line(tr("Error type"), entry.errorType.isEmpty() ? tr("(none)") : entry.errorType);
    text += line(tr("Operation"), entry.operation);
    text += line(tr("HTTP status"),
                 entry.httpStatus > 0 ? QString::number(entry.httpStatus) : tr("no HTTP answer"));
    text += line(tr("Learner"), entry.learnerId.isEmpty() ? tr("(not about one learner)") : entry.learnerId);
    if (entry.runId > 0)
        text += line(tr("Run"), QString::number(entry.runId));
    text += QLatin1Char('\n') + entry.message + QLatin1Char('\n');
    text += QLatin1Char('\n') + tr("What happens next: %1").arg(whatHappensNext(entry)) + QLatin1Char('\n');
    if (!entry.detail.isEmpty())
        text += QLatin1Char('\n') + tr("Request and response (secrets redacted):") + QLatin1Char('\n') +
                entry.detail + QLatin1Char('\n');
    return text;
}

QString ErrorDetailsView::causeText(const QString &summary, const QList<ErrorEntry> &entries)
{
    QString text = summary + QLatin1Char('\n');
    QSet<QString> learners;
    for (const ErrorEntry &e : entries) {
        if (!e.learnerId.isEmpty())
            learners.insert(e.learnerId);
    }
    text +=
        (learners.size() == 1 ? tr("1 learner affected") : tr("%1 learners affected").arg(learners.size())) +
        QLatin1Char('\n');
    if (!entries.isEmpty())
        text += tr("What happens next: %1").arg(whatHappensNext(entries.first())) + QLatin1Char('\n');
    text += QLatin1Char('\n');
    const int shown = std::min<int>(kCauseLinesShown, int(entries.size()));
    for (int i = 0; i < shown; ++i) {
        const ErrorEntry &e = entries.at(i);
        text += QStringLiteral("%1  %2  %3  %4  %5\n")
                    .arg(timeOf(e), e.learnerId.isEmpty() ? QStringLiteral("-") : e.learnerId, e.operation,
                         e.httpStatus > 0 ? QString::number(e.httpStatus) : QStringLiteral("-"), e.message);
    }
    if (entries.size() > shown)
        text += tr("… and %1 more").arg(entries.size() - shown) + QLatin1Char('\n');
    return text;
}

} // namespace cc
