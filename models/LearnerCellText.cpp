#include "LearnerCellText.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

#include <algorithm>
#include <cmath>

namespace cc {

static_assert(int(LearnerOutcome::Completed) == 0 && int(LearnerOutcome::Skipped) == 6,
              "the tables below are indexed by LearnerOutcome");

QString LearnerCellText::outcomeText(LearnerOutcome outcome)
{
    static const char *const texts[7] = {QT_TR_NOOP("Completed"),     QT_TR_NOOP("Already recorded"),
                                         QT_TR_NOOP("In progress"),   QT_TR_NOOP("Unknown to Graphy"),
                                         QT_TR_NOOP("Not in course"), QT_TR_NOOP("Failed"),
                                         QT_TR_NOOP("Skipped")};
    const int i = static_cast<int>(outcome);
    return tr(texts[i >= 0 && i < 7 ? i : 5]);
}

QString LearnerCellText::statusText(const QString &status)
{
    if (status.isEmpty())
        return QStringLiteral("—");
    return status.at(0).toUpper() + status.mid(1).replace(QLatin1Char('_'), QLatin1Char(' '));
}

namespace {
QString percentText(double percent)
{
    return LearnerCellText::tr("%1 %").arg(
        QLocale().toString(percent, 'f', percent == std::floor(percent) ? 0 : 1));
}
} // namespace

QString LearnerCellText::progressText(double percent, int itemsCompleted, int itemsTotal)
{
    if (percent < 0)
        return QStringLiteral("—");
    const QString shown = percentText(std::min(percent, 100.0));
    if (itemsTotal <= 0 || itemsCompleted < 0)
        return shown;
    return tr("%1 · %2 of %3 items").arg(shown).arg(itemsCompleted).arg(itemsTotal);
}

QString LearnerCellText::progressToolTip(double percent, int itemsCompleted, int itemsTotal)
{
    QStringList parts;
    if (percent >= 0)
        parts << tr("Graphy reports %1 progress").arg(percentText(percent));
    if (itemsTotal >= 0 && itemsCompleted >= 0)
        parts << tr("%1 of %2 course items completed").arg(itemsCompleted).arg(itemsTotal);
    if (parts.isEmpty())
        return tr("Progress unknown: not checked yet, or Graphy did not say");
    return parts.join(QStringLiteral("; "));
}

QString LearnerCellText::lastCheckText(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return tr("never");
    const QLocale locale;
    const QDateTime local = when.toLocalTime();
    const QDate today = now.toLocalTime().date();
    const QString time = locale.toString(local.time(), QLocale::ShortFormat);
    if (local.date() == today)
        return tr("Today, %1").arg(time);
    if (local.date() == today.addDays(-1))
        return tr("Yesterday, %1").arg(time);
    if (local.date().year() == today.year())
        return tr("%1, %2").arg(locale.toString(local.date(), QStringLiteral("d MMM")), time);
    return locale.toString(local.date(), QStringLiteral("d MMM yyyy"));
}

QDateTime LearnerCellText::lastCheckTime(const CheckedLearner &row)
{
    if (row.latestCheck && row.latestCheck->checkedAt.isValid())
        return row.latestCheck->checkedAt;
    return row.learner.lastCompletionCheck;
}

bool LearnerCellText::paletteIsDark()
{
    return QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
}

QColor LearnerCellText::outcomeColor(LearnerOutcome outcome, bool dark)
{
    static const QRgb colors[7][2] = {{0x1b7f3b, 0x81c995}, {0x1b7f3b, 0x81c995}, {0x1a5fb4, 0x8ab4f8},
                                      {0x9a6200, 0xf6c667}, {0x9a6200, 0xf6c667}, {0xb3261e, 0xf28b82},
                                      {0x5e5c64, 0xc0bfbc}};
    const int i = static_cast<int>(outcome);
    return QColor(colors[i >= 0 && i < 7 ? i : 5][dark ? 1 : 0]);
}

QIcon LearnerCellText::outcomeDot(LearnerOutcome outcome, bool dark)
{
    const qreal ratio = qGuiApp->devicePixelRatio();
    QPixmap pixmap(QSize(12, 12) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(outcomeColor(outcome, dark));
    painter.drawEllipse(QRectF(2, 2, 8, 8));
    painter.end();
    return QIcon(pixmap);
}

} // namespace cc
