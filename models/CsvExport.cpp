#include "CsvExport.h"

#include <QAbstractItemModel>
#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>
#include <QStandardPaths>

namespace cc {

namespace {

constexpr qsizetype kWriteChunkChars = 1 << 20;

QString writeError(const QString &path, const QSaveFile &file)
{
    return QCoreApplication::translate("cc::CsvExport", "Cannot write %1: %2").arg(path, file.errorString());
}

} // namespace

QString CsvExport::cell(const QString &text)
{
    QString value = text;
    if (!value.isEmpty() && QStringLiteral("=+-@\t\r").contains(value.front()))
        value.prepend(QLatin1Char('\''));
    const bool quote = value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"')) ||
                       value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')) ||
                       (!value.isEmpty() && (value.front().isSpace() || value.back().isSpace()));
    if (!quote)
        return value;
    value.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + value + QLatin1Char('"');
}

QString CsvExport::line(const QStringList &cells)
{
    QStringList quoted;
    quoted.reserve(cells.size());
    for (const QString &c : cells)
        quoted << cell(c);
    return quoted.join(QLatin1Char(','));
}

bool CsvExport::writeRows(const QString &path, const QStringList &header, int rows,
                          const std::function<QStringList(int)> &rowCells, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = writeError(path, file);
        return false;
    }
    QString out = line(header) + QLatin1String("\r\n");
    for (int r = 0; r < rows; ++r) {
        out += line(rowCells(r)) + QLatin1String("\r\n");
        if (out.size() > kWriteChunkChars) {
            file.write(out.toUtf8());
            out.clear();
        }
    }
    file.write(out.toUtf8());
    if (!file.commit()) {
        if (error)
            *error = writeError(path, file);
        return false;
    }
    return true;
}

bool CsvExport::writeModel(const QAbstractItemModel *model, const QString &path, const QString &parentColumn,
                           QString *error)
{
    QStringList header{parentColumn};
    for (int c = 0; c < model->columnCount(); ++c)
        header << model->headerData(c, Qt::Horizontal).toString();
    // Leaf rows in display order: a top-level row without children is its own leaf.
    QList<QModelIndex> leaves;
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex top = model->index(r, 0);
        const int children = model->rowCount(top);
        if (children == 0)
            leaves << top;
        for (int k = 0; k < children; ++k)
            leaves << model->index(k, 0, top);
    }
    return writeRows(
        path, header, int(leaves.size()),
        [&](int i) {
            const QModelIndex leaf = leaves.at(i);
            const QModelIndex parent = leaf.parent();
            QStringList cells{parent.isValid() ? parent.data().toString() : QString()};
            for (int c = 0; c < model->columnCount(parent); ++c)
                cells << model->index(leaf.row(), c, parent).data().toString();
            return cells;
        },
        error);
}

QString CsvExport::suggestedPath(const QString &stem, const QDate &date, const QString &folder)
{
    QString dir = folder;
    if (dir.isEmpty() || !QDir(dir).exists())
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (dir.isEmpty() || !QDir(dir).exists())
        dir = QDir::homePath();
    return QDir(dir).filePath(QStringLiteral("%1-%2.csv").arg(stem, date.toString(Qt::ISODate)));
}

} // namespace cc
