#pragma once

#include <QString>

namespace sandbox {

// A typed attribute value. Documents keep these in a vector by attribute slot, so filtering and
// sorting 100 000 documents never touches JSON.
struct FieldValue
{
    enum class Kind : quint8 { Null, String, Integer, Float, Boolean, DateTime };

    Kind kind = Kind::Null;
    qint64 integer = 0; // Integer, Boolean (0/1), DateTime (UTC ms)
    double real = 0;
    QString text;

    bool isNull() const { return kind == Kind::Null; }
    static FieldValue ofString(const QString &s)
    {
        FieldValue v;
        v.kind = Kind::String;
        v.text = s;
        return v;
    }
    static FieldValue ofInteger(qint64 i)
    {
        FieldValue v;
        v.kind = Kind::Integer;
        v.integer = i;
        return v;
    }
    static FieldValue ofDateTime(qint64 ms)
    {
        FieldValue v;
        v.kind = Kind::DateTime;
        v.integer = ms;
        return v;
    }
    static FieldValue ofFloat(double d)
    {
        FieldValue v;
        v.kind = Kind::Float;
        v.real = d;
        return v;
    }
    static FieldValue ofBool(bool b)
    {
        FieldValue v;
        v.kind = Kind::Boolean;
        v.integer = b ? 1 : 0;
        return v;
    }

    // Total order used for sorting: NULL first (as MariaDB sorts NULLs ascending).
    static int compare(const FieldValue &a, const FieldValue &b)
    {
        if (a.kind == Kind::Null || b.kind == Kind::Null)
            return (a.kind == Kind::Null ? 0 : 1) - (b.kind == Kind::Null ? 0 : 1);
        if (a.kind == Kind::String && b.kind == Kind::String)
            return a.text.compare(b.text);
        const double x = a.kind == Kind::Float ? a.real : double(a.integer);
        const double y = b.kind == Kind::Float ? b.real : double(b.integer);
        if (a.kind != Kind::Float && b.kind != Kind::Float)
            return a.integer < b.integer ? -1 : (a.integer > b.integer ? 1 : 0);
        return x < y ? -1 : (x > y ? 1 : 0);
    }
};

} // namespace sandbox
