#pragma once

#include <QString>
#include <QStringList>

class QAbstractItemModel;

namespace cc {

// CSV as spreadsheets read it: RFC 4180 quoting, UTF-8, CRLF line ends; cells a spreadsheet would
// run as a formula get a leading apostrophe (CSV injection).
class CsvExport
{
public:
    static QString cell(const QString &text);
    static QString line(const QStringList &cells);
    // Writes `lines` (already joined with line()) to `path`; false with `error` set on failure.
    static bool writeFile(const QString &path, const QStringList &lines, QString *error);
    // The leaf rows of a tree model (or every row of a table), with the header from headerData()
    // and, for children, their parent's first-column text as a leading column named `parentColumn`.
    static bool writeModel(const QAbstractItemModel *model, const QString &path, const QString &parentColumn,
                           QString *error);
};

} // namespace cc
