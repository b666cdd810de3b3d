#include "PlainIniFormat.h"

#include <QCoreApplication>
#include <QFile>
#include <QStringDecoder>
#include <QtDebug>

#include <algorithm>

namespace cc {

namespace {
const char kHexDigits[] = "0123456789ABCDEF";
// Qt's one-character escapes, as pairs: the letter after the backslash, then the character.
const char kSimpleEscapes[] = "a\ab\bf\fn\nr\rt\tv\v\"\"?\?''\\\\";

// QString::fromUtf8 drops a BOM at the start of what it is given: here U+FEFF is a character.
QString fromUtf8(QByteArrayView bytes)
{
    QStringDecoder utf8(QStringDecoder::Utf8,
                        QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    return utf8(bytes);
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

int digitValue(char c, int base)
{
    const char lower = char(c | 0x20);
    const int d = (c >= '0' && c <= '9') ? c - '0' : (lower >= 'a' && lower <= 'f') ? lower - 'a' + 10 : -1;
    return d < base ? d : -1;
}

// Qt's iniUnescapedKey: `\` is `/`, `%XX` and `%UXXXX` are code units, anything else is itself.
QString unescapeKey(QByteArrayView escaped)
{
    const QString key = fromUtf8(escaped);
    QString result;
    result.reserve(key.size());
    for (qsizetype i = 0; i < key.size();) {
        const QChar c = key.at(i);
        const qsizetype digits = (c == u'%' && i + 1 < key.size() && key.at(i + 1) == u'U') ? 4 : 2;
        const qsizetype first = i + (digits == 4 ? 2 : 1);
        bool ok = false;
        const ushort code = (c == u'%' && first + digits <= key.size())
                                ? QStringView(key).sliced(first, digits).toUShort(&ok, 16)
                                : 0;
        result += ok ? QChar(code) : c == u'\\' ? QChar(u'/') : c;
        i = ok ? first + digits : i + 1;
    }
    return result;
}

// Qt's iniEscapedKey, except that a '/' ending the key is %2F: Qt's `\` would escape the '='.
void escapeKey(const QString &key, QByteArray &out)
{
    for (qsizetype i = 0; i < key.size(); ++i) {
        const char16_t c = key.at(i).unicode();
        if (c == u'/' && i + 1 < key.size()) {
            out += '\\';
        } else if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
                   c == u'_' || c == u'-' || c == u'.') {
            out += char(c);
        } else if (c <= 0xFF) {
            out += '%';
            out += kHexDigits[c / 16];
            out += kHexDigits[c % 16];
        } else {
            out += "%U";
            for (int shift = 12; shift >= 0; shift -= 4)
                out += kHexDigits[(c >> shift) & 0xF];
        }
    }
}

void chopTrailingBlanks(QString &s, qsizetype limit)
{
    while (s.size() > limit && (s.back() == u' ' || s.back() == u'\t'))
        s.chop(1);
}

// Qt's iniUnescapedStringList for the text after '=', except that a quote must close on its line and
// a backslash may not end the line (no continued lines). An unquoted ';' starts a comment, as in Qt.
bool unescapeValue(QByteArrayView s, QStringList *list, bool *isList, QString *why)
{
    QString text;
    qsizetype i = 0;
    qsizetype chopLimit = 0;
    bool inQuotes = false;
    bool quoted = false;
    const auto skipBlanks = [&] {
        while (i < s.size() && isBlank(s[i]))
            ++i;
        chopLimit = text.size();
    };
    skipBlanks();
    while (i < s.size()) {
        const char c = s[i];
        if (c == '\\') {
            if (++i == s.size()) {
                *why = QStringLiteral("ends with a backslash (continued lines are not supported)");
                return false;
            }
            const char e = s[i++];
            const char *simple = nullptr;
            for (const char *p = kSimpleEscapes; *p && !simple; p += 2)
                simple = *p == e ? p : nullptr;
            if (simple) {
                text += QLatin1Char(simple[1]);
            } else if (e == 'x' || (e >= '0' && e <= '7')) {
                const int base = e == 'x' ? 16 : 8;
                char32_t code = base == 8 ? char32_t(e - '0') : 0;
                bool any = base == 8;
                for (int d; i < s.size() && (d = digitValue(s[i], base)) >= 0; ++i, any = true)
                    code = (code * base + d) & 0xFFFF; // Qt keeps the low 16 bits
                if (any)
                    text += QChar(char16_t(code));
            } // any other escaped character is dropped, as Qt does
            chopLimit = text.size();
        } else if (c == '"') {
            ++i;
            quoted = true;
            inQuotes = !inQuotes;
            if (!inQuotes)
                skipBlanks();
        } else if (c == ',' && !inQuotes) {
            if (!quoted)
                chopTrailingBlanks(text, chopLimit);
            *isList = true;
            list->append(text);
            text.clear();
            quoted = false;
            ++i;
            skipBlanks();
        } else if (c == ';' && !inQuotes) {
            break;
        } else {
            qsizetype j = i + 1;
            while (j < s.size() && s[j] != '\\' && s[j] != '"' && s[j] != ',' && s[j] != ';')
                ++j;
            text += fromUtf8(s.sliced(i, j - i)); // the line is valid UTF-8, cut at ASCII
            i = j;
        }
    }
    if (inQuotes) {
        *why = QStringLiteral("has a quoted value that is not closed");
        return false;
    }
    if (!quoted)
        chopTrailingBlanks(text, chopLimit);
    list->append(text);
    return true;
}

// Qt's stringToVariant, for text only: `@@x` is "@x", `@String(x)` is "x"; a typed marker is refused.
bool unmarkText(QString &s, QString *why)
{
    if (!s.startsWith(u'@'))
        return true;
    if (s.startsWith(QLatin1String("@@"))) {
        s.remove(0, 1);
        return true;
    }
    if (!s.endsWith(u')'))
        return true;
    if (s.startsWith(QLatin1String("@String("))) {
        s = s.sliced(8).chopped(1);
        return true;
    }
    for (const char *marker : {"@Variant(", "@DateTime(", "@ByteArray(", "@Rect(", "@Size(", "@Point("}) {
        if (s.startsWith(QLatin1String(marker))) {
            *why = QStringLiteral("holds a Qt %1) value, which this app never writes and does not read "
                                  "(a text starting with @ is written @@)")
                       .arg(QLatin1String(marker));
            return false;
        }
    }
    return true;
}

// Qt's variantToString for the types the file stores.
bool valueText(const QVariant &v, QString *text)
{
    const auto types = {QMetaType::QString,   QMetaType::Int,  QMetaType::UInt,   QMetaType::LongLong,
                        QMetaType::ULongLong, QMetaType::Bool, QMetaType::Double, QMetaType::Float};
    if (std::find(types.begin(), types.end(), v.metaType().id()) == types.end())
        return false;
    *text = v.toString();
    if (text->contains(QChar::Null))
        *text = QLatin1String("@String(") + *text + u')';
    else if (text->startsWith(u'@'))
        text->prepend(u'@');
    return true;
}

// Qt's iniEscapedString (for text that does not start with a binary marker).
void escapeValue(const QString &text, QByteArray &out)
{
    const qsizetype start = out.size();
    bool needsQuotes = false;
    bool escapeNextIfDigit = false;
    QString plain; // pending characters, written as UTF-8
    const auto flush = [&] {
        out += plain.toUtf8();
        plain.clear();
    };
    for (const QChar qc : text) {
        const char16_t c = qc.unicode();
        needsQuotes = needsQuotes || c == u';' || c == u',' || c == u'=';
        if (escapeNextIfDigit && c < 0x80 && digitValue(char(c), 16) >= 0) {
            flush();
            out += "\\x" + QByteArray::number(c, 16);
            continue;
        }
        escapeNextIfDigit = false;
        const char *simple = nullptr;
        for (const char *p = kSimpleEscapes; *p && !simple; p += 2)
            simple = (p[1] == c && *p != '?' && *p != '\'') ? p : nullptr;
        if (simple) {
            flush();
            out += '\\';
            out += simple[0];
        } else if (c <= 0x1F) {
            flush();
            out += c == 0 ? QByteArray("\\0") : "\\x" + QByteArray::number(c, 16);
            escapeNextIfDigit = true;
        } else {
            plain += qc;
        }
    }
    flush();
    if (needsQuotes || (out.size() > start && (out.at(start) == ' ' || out.back() == ' '))) {
        out.insert(start, '"');
        out += '"';
    }
}

// On failure QSettings keeps no key and says FormatError; ConfigLoader tells why (problem()).
bool readFunction(QIODevice &device, QSettings::SettingsMap &map)
{
    QString error;
    return PlainIniFormat::parse(device.read(PlainIniFormat::kMaxFileBytes + 1), &map, &error);
}

bool writeFunction(QIODevice &device, const QSettings::SettingsMap &map)
{
    const auto *file = qobject_cast<QFileDevice *>(&device);
    QString error = file ? PlainIniFormat::problem(file->fileName()) : QString();
    QByteArray text;
    if (error.isEmpty() && PlainIniFormat::serialize(map, &text, &error))
        return device.write(text) == text.size();
    qWarning().noquote()
        << QStringLiteral("settings file %1 not written: %2").arg(file ? file->fileName() : QString(), error);
    return false;
}
} // namespace

QSettings::Format PlainIniFormat::format()
{
    static const QSettings::Format registered =
        QSettings::registerFormat(QStringLiteral("conf"), readFunction, writeFunction, Qt::CaseSensitive);
    return registered;
}

std::unique_ptr<QSettings> PlainIniFormat::open(const QString &fileName)
{
    if (!fileName.isEmpty())
        return std::make_unique<QSettings>(fileName, format());
    return std::make_unique<QSettings>(format(), QSettings::UserScope, QCoreApplication::organizationName(),
                                       QCoreApplication::applicationName());
}

bool PlainIniFormat::parse(const QByteArray &text, QSettings::SettingsMap *map, QString *error)
{
    if (text.size() > kMaxFileBytes) { // callers read one byte more than this
        *error = QStringLiteral("it is larger than %1 bytes").arg(kMaxFileBytes);
        return false;
    }
    QString section; // "" or "name/"
    qsizetype pos = text.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    for (int lineNumber = 1; pos < text.size(); ++lineNumber) {
        qsizetype end = pos;
        while (end < text.size() && text[end] != '\n' && text[end] != '\r')
            ++end;
        QByteArrayView line = QByteArrayView(text).sliced(pos, end - pos);
        pos = end + ((end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n') ? 2 : 1);
        const auto fail = [&](const QString &why) {
            *error = QStringLiteral("line %1 %2").arg(lineNumber).arg(why);
            return false;
        };
        if (line.size() > kMaxLineBytes)
            return fail(QStringLiteral("is longer than %1 bytes").arg(kMaxLineBytes));
        if (line.contains('\0'))
            return fail(QStringLiteral("contains a NUL byte"));
        if (fromUtf8(line).toUtf8() != line) // invalid sequences became U+FFFD
            return fail(QStringLiteral("is not valid UTF-8"));
        while (!line.isEmpty() && (isBlank(line.front()) || line.front() == '\f' || line.front() == '\v'))
            line = line.sliced(1);
        if (line.isEmpty() || line.front() == ';' || line.front() == '#')
            continue;
        if (line.front() == '[') {
            const qsizetype close = line.indexOf(']');
            if (close < 0)
                return fail(QStringLiteral("starts a section without a closing ']'"));
            const QByteArrayView name = line.sliced(1, close - 1).trimmed();
            if (name.isEmpty() || name.compare("general", Qt::CaseInsensitive) == 0)
                section.clear();
            else if (name.compare("%general", Qt::CaseInsensitive) == 0)
                section = QString::fromUtf8(name.sliced(1)) + u'/';
            else
                section = unescapeKey(name) + u'/';
            continue;
        }
        // The first '=' outside quotes (a backslash escapes the next byte) before any comment, as in Qt.
        qsizetype equals = -1;
        bool inQuotes = false;
        for (qsizetype i = 0; i < line.size(); ++i) {
            if (line[i] == '\\') {
                ++i;
            } else if (line[i] == '"') {
                inQuotes = !inQuotes;
            } else if (!inQuotes && (line[i] == '=' || line[i] == ';')) {
                equals = line[i] == '=' ? i : -1;
                break;
            }
        }
        const QByteArrayView rawKey = line.first(std::max<qsizetype>(equals, 0)).trimmed();
        if (equals < 0 || rawKey.isEmpty())
            return fail(QStringLiteral("is not a [section], a key=value line or a comment"));
        const QString key = section + unescapeKey(rawKey);
        const QString named = QStringLiteral("(key %1)").arg(key.left(80));
        QStringList parts;
        bool isList = false;
        QString why;
        if (!unescapeValue(line.sliced(equals + 1), &parts, &isList, &why))
            return fail(named + u' ' + why);
        if (!isList && parts.first() == QLatin1String("@Invalid()")) {
            map->insert(key, QStringList()); // how Qt writes an empty list
            continue;
        }
        for (QString &part : parts) {
            if (!unmarkText(part, &why))
                return fail(named + u' ' + why);
        }
        map->insert(key, isList ? QVariant(parts) : QVariant(parts.first()));
    }
    return true;
}

bool PlainIniFormat::serialize(const QSettings::SettingsMap &map, QByteArray *text, QString *error)
{
    // Qt's layout: [General] for keys without a group first, then one section per first key part.
    QMap<QString, QByteArray> sections;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        const qsizetype slash = it.key().indexOf(u'/');
        QByteArray &block = sections[slash < 0 ? QString() : it.key().first(slash)];
        escapeKey(slash < 0 ? it.key() : it.key().sliced(slash + 1), block);
        block += '=';
        const QVariant &v = it.value();
        QString one;
        if (!v.isValid() || (v.metaType().id() == QMetaType::QStringList && v.toStringList().isEmpty())) {
            block += "@Invalid()";
        } else if (v.metaType().id() == QMetaType::QStringList) {
            const QStringList list = v.toStringList();
            for (qsizetype i = 0; i < list.size(); ++i) {
                block += i > 0 ? ", " : "";
                valueText(list.at(i), &one);
                escapeValue(one, block);
            }
        } else if (valueText(v, &one)) {
            escapeValue(one, block);
        } else {
            *error = QStringLiteral("%1 holds a %2, which the settings file does not store (text, numbers, "
                                    "booleans and lists of text only)")
                         .arg(it.key(), QLatin1String(v.metaType().name()));
            return false;
        }
        if (block.size() - block.lastIndexOf('\n', block.size() - 1) - 1 > kMaxLineBytes) {
            *error = QStringLiteral("%1 is longer than a line of the file may be").arg(it.key().left(80));
            return false;
        }
        block += '\n';
    }
    text->clear();
    for (auto it = sections.cbegin(); it != sections.cend(); ++it) {
        QByteArray name;
        escapeKey(it.key(), name);
        if (it.key().isEmpty())
            name = "General";
        else if (name.compare("general", Qt::CaseInsensitive) == 0)
            name.prepend('%');
        if (name.size() + 2 > kMaxLineBytes) {
            *error = QStringLiteral("the group %1 is longer than a line of the file may be")
                         .arg(it.key().left(80));
            return false;
        }
        if (!text->isEmpty())
            *text += '\n';
        *text += '[' + name + "]\n" + it.value();
    }
    if (text->size() > kMaxFileBytes) { // what the reader refuses is never written
        *error = QStringLiteral("the settings are larger than %1 bytes").arg(kMaxFileBytes);
        return false;
    }
    return true;
}

QString PlainIniFormat::problem(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return QString(); // QSettings reads a missing or unreadable file as empty
    QSettings::SettingsMap map;
    QString error;
    parse(file.read(kMaxFileBytes + 1), &map, &error);
    return error;
}

} // namespace cc
