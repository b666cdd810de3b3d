#include "AutostartEntry.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace cc {

namespace {
const QString kFileName = QStringLiteral("completion-checker.desktop");
} // namespace

AutostartEntry::AutostartEntry(const QString &directory)
{
    QString dir = directory;
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
              QStringLiteral("/autostart");
    m_path = QDir(dir).filePath(kFileName);
}

bool AutostartEntry::isEnabled() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return false;
    const QString text = QString::fromUtf8(file.readAll());
    for (QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        const QStringView l = line.trimmed();
        if (l.compare(QLatin1String("Hidden=true"), Qt::CaseInsensitive) == 0 ||
            l.compare(QLatin1String("X-GNOME-Autostart-enabled=false"), Qt::CaseInsensitive) == 0)
            return false;
    }
    return true;
}

QString AutostartEntry::quoteExecArgument(const QString &argument)
{
    // Spec: quote when the argument has reserved characters; inside quotes escape " ` $ \ with a
    // backslash. A literal % is written %% in any case.
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    QString escaped = argument;
    escaped.replace(QLatin1Char('%'), QStringLiteral("%%"));
    const bool needsQuotes = escaped.isEmpty() || std::any_of(escaped.cbegin(), escaped.cend(),
                                                              [](QChar c) { return reserved.contains(c); });
    if (!needsQuotes)
        return escaped;
    QString quoted;
    for (QChar c : escaped) {
        if (c == QLatin1Char('"') || c == QLatin1Char('`') || c == QLatin1Char('$') || c == QLatin1Char('\\'))
            quoted += QLatin1Char('\\');
        quoted += c;
    }
    // The value is also a desktop-entry string, whose own escapes are undone first: every
    // backslash of the Exec quoting is written twice (two before a $, four for one backslash).
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString AutostartEntry::entryText(const QString &executable, const QStringList &arguments)
{
    QStringList exec{quoteExecArgument(executable)};
    for (const QString &a : arguments)
        exec << quoteExecArgument(a);
    if (!arguments.contains(QStringLiteral("--minimized")))
        exec << QStringLiteral("--minimized");
    return QStringLiteral("[Desktop Entry]\n"
                          "Type=Application\n"
                          "Name=Completion Checker\n"
                          "Comment=Checks course completions in the background\n"
                          "Exec=%1\n"
                          "Icon=completion-checker\n"
                          "Terminal=false\n"
                          "X-GNOME-Autostart-enabled=true\n")
        .arg(exec.join(QLatin1Char(' ')));
}

bool AutostartEntry::enable(const QString &executable, const QStringList &arguments, QString *error)
{
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        *error = QObject::tr("cannot create %1").arg(QFileInfo(m_path).absolutePath());
        return false;
    }
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *error = QObject::tr("cannot write %1: %2").arg(m_path, file.errorString());
        return false;
    }
    file.write(entryText(executable, arguments).toUtf8());
    if (!file.commit()) {
        *error = QObject::tr("cannot write %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

bool AutostartEntry::disable(QString *error)
{
    QFile file(m_path);
    if (!file.exists() || file.remove())
        return true;
    *error = QObject::tr("cannot remove %1: %2").arg(m_path, file.errorString());
    return false;
}

} // namespace cc
