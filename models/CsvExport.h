#pragma once

#include <QDate>
#include <QString>
#include <QStringList>

#include <functional>

class QAbstractItemModel;

namespace cc {

// CSV as spreadsheets read it: RFC 4180 quoting, UTF-8, CRLF line ends. The one place the app
// turns cells into CSV, for every export (learners, errors).
class CsvExport
{
public:
    // One field. Cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a
    // leading apostrophe: names and e-mails come from learners, so "=HYPERLINK(…)" must stay text.
    // Fields with a comma, quote, line break or leading/trailing space are quoted.
    static QString cell(const QString &text);
    static QString line(const QStringList &cells);
    // Writes `header` and then rowCells(0) … rowCells(rows - 1) to `path`, streaming (100 000 rows
    // stay a few MB of memory) and atomically (QSaveFile: a failed export leaves no half file).
    // False with `error` naming the file and the cause on failure.
    static bool writeRows(const QString &path, const QStringList &header, int rows,
                          const std::function<QStringList(int)> &rowCells, QString *error);
    // The leaf rows of a tree model (or every row of a table), with the header from headerData()
    // and, for children, their parent's first-column text as a leading column named `parentColumn`.
    static bool writeModel(const QAbstractItemModel *model, const QString &path, const QString &parentColumn,
                           QString *error);
    // Where an export is offered by default: `folder` (the last one used), else the documents
    // folder (the home folder when there is none), and a dated name, "learners-2026-12-02.csv", so
    // a second export does not offer to overwrite the first, nor land in the working folder.
    static QString suggestedPath(const QString &stem, const QDate &date, const QString &folder = {});
};

} // namespace cc
