#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>

#include <memory>

namespace cc {

// The settings file format of the app: Qt's INI syntax, read and written by our own code so that a
// value is only ever plain text (docs/ARCHITECTURE.md §11.1, docs/RELIABILITY.md "Fuzzing"). Qt's
// IniFormat turns `@Variant(…)` values into a QDataStream read that trusts a length from the file
// (tens of GB reserved by a 30-byte line); this reader never deserializes anything.
//
// Reading keeps Qt's syntax: `[section]`, `key=value`, `;` comments (and `#` at the start of a line),
// keys escaped as `%2F`/`%U0101`/`\` for `/`, values quoted with "…", escapes \\ \" \n \t \r \xHH \OOO
// …, UTF-8 text, `a, b` as a string list, `@@x` for a text starting with `@`, `@String(…)` and
// `@Invalid()` (an empty list). A value that is one of Qt's typed markers (@Variant, @DateTime,
// @ByteArray, @Rect, @Size, @Point) is refused: the app never writes them. Any other value starting
// with `@` stays the literal text, as with Qt. The file is refused, with the reason and the line,
// when it is larger than kMaxFileBytes, has a line longer than kMaxLineBytes, contains a NUL byte or
// invalid UTF-8, an unclosed quote or section, a line that is neither, or such a marker; QSettings
// then has no keys and status() FormatError.
//
// Writing produces what Qt's IniFormat writes for text, numbers, booleans and string lists (both
// readers read it back the same) and refuses other types. A file that cannot be read is never
// overwritten (QSettings itself would replace it with only the keys set since).
class PlainIniFormat
{
public:
    static constexpr qint64 kMaxFileBytes = 1024 * 1024;
    static constexpr qsizetype kMaxLineBytes = 64 * 1024;

    // Registered on first use, extension "conf" (the file name QSettings() has on Linux).
    static QSettings::Format format();
    // The app's settings: the given file, or the user's file (as QSettings() would find it) when
    // fileName is empty.
    static std::unique_ptr<QSettings> open(const QString &fileName = QString());

    // The whole file as QSettings keys ("section/key") and values (QString or QStringList). False,
    // with a sentence in *error, when the text is refused.
    static bool parse(const QByteArray &text, QSettings::SettingsMap *map, QString *error);
    // The file text for `map`. False, with a sentence in *error, for a type that is not stored.
    static bool serialize(const QSettings::SettingsMap &map, QByteArray *text, QString *error);

    // Why the file on disk cannot be read; empty when it can be, or does not exist.
    static QString problem(const QString &fileName);
};

} // namespace cc
