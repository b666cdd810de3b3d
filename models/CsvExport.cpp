#include "CsvExport.h"

#include <QAbstractItemModel>
#include <QSaveFile>

namespace cc {

QString CsvExport::cell(const QString &text)
{
    QString value = text;
    if (!value.isEmpty() && QStringLiteral("=+-@\t\r").contains(value.front()))
        value.prepend(QLatin1Char('\''));
    if (value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"')) ||
        value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')) ||
        value.contains(QLatin1Char('\''))) {
        value.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + value + QLatin1Char('"');
    }
    return value;
}

QString CsvExport::line(const QStringList &cells)
{
    QStringList quoted;
    quoted.reserve(cells.size());
    for (const QString &c : cells)
        quoted << cell(c);
    return quoted.join(QLatin1Char(','));
}

bool CsvExport::writeFile(const QString &path, const QStringList &lines, QString *error)
{
    // QSaveFile: a failed export never leaves half a file behind.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    for (const QString &l : lines)
        file.write((l + QStringLiteral("\r\n")).toUtf8());
    if (!file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
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
    QStringList lines{line(header)};
    auto rowCells = [model](const QModelIndex &parent, int row) {
        QStringList cells;
        for (int c = 0; c < model->columnCount(parent); ++c)
            cells << model->index(row, c, parent).data().toString();
        return cells;
    };
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex top = model->index(r, 0);
        const int children = model->rowCount(top);
        if (children == 0) {
            lines << line(QStringList{QString()} + rowCells({}, r));
            continue;
        }
        const QString parentText = top.data().toString();
        for (int k = 0; k < children; ++k)
            lines << line(QStringList{parentText} + rowCells(top, k));
    }
    return writeFile(path, lines, error);
}

} // namespace cc
