#include "SchemaProvisionReport.h"

#include <utility>

namespace cc {

using State = SchemaProvisionReport::Action::State;
using Kind = SchemaProvisionReport::Action::Kind;

int SchemaProvisionReport::count(State state) const
{
    int n = 0;
    for (const Collection &c : collections) {
        for (const Action &a : c.actions)
            n += a.state == state ? 1 : 0;
    }
    return n;
}

bool SchemaProvisionReport::ok() const
{
    if (!error.isEmpty() || count(State::Problem) > 0)
        return false;
    return mode != Mode::Verify || count(State::Missing) == 0;
}

QString SchemaProvisionReport::modeName(Mode mode)
{
    switch (mode) {
    case Mode::Provision:
        return QStringLiteral("provision");
    case Mode::DryRun:
        return QStringLiteral("dry-run");
    case Mode::Verify:
        return QStringLiteral("verify");
    }
    return {};
}

QString SchemaProvisionReport::stateName(State state)
{
    switch (state) {
    case State::WouldCreate:
        return QStringLiteral("would_create");
    case State::Missing:
        return QStringLiteral("missing");
    case State::Created:
        return QStringLiteral("created");
    case State::AlreadyThere:
        return QStringLiteral("already_there");
    case State::Problem:
        return QStringLiteral("problem");
    }
    return {};
}

QString SchemaProvisionReport::stateText(State state)
{
    return stateName(state).replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString SchemaProvisionReport::kindWord(Kind kind) const
{
    switch (kind) {
    case Kind::Container:
        return containerWord;
    case Kind::Field:
        return fieldWord;
    case Kind::Index:
        return QStringLiteral("index");
    }
    return {};
}

QString SchemaProvisionReport::actionText(const Action &action) const
{
    QString text = QStringLiteral("%1 '%2'").arg(kindWord(action.kind), action.key);
    if (!action.spec.isEmpty())
        text += QStringLiteral(" (%1)").arg(action.spec);
    return text;
}

QString SchemaProvisionReport::summary() const
{
    // In the order an operator cares about: what changed, what is wrong, what is fine.
    const QList<std::pair<State, QString>> parts{{State::Created, QStringLiteral("created")},
                                                 {State::WouldCreate, QStringLiteral("would be created")},
                                                 {State::Missing, QStringLiteral("missing")},
                                                 {State::Problem, QString()},
                                                 {State::AlreadyThere, QStringLiteral("already there")}};
    QStringList out;
    for (const auto &[state, words] : parts) {
        const int n = count(state);
        if (n == 0)
            continue;
        out << (state == State::Problem ? QStringLiteral("%1 problem%2").arg(n).arg(n == 1 ? "" : "s")
                                        : QStringLiteral("%1 %2").arg(n).arg(words));
    }
    return out.isEmpty() ? QStringLiteral("nothing checked") : out.join(QStringLiteral(", "));
}

QStringList SchemaProvisionReport::lines(bool alreadyThere) const
{
    QStringList out;
    for (const Collection &c : collections) {
        QStringList actionLines;
        for (const Action &a : c.actions) {
            if (a.state == State::AlreadyThere && !alreadyThere)
                continue;
            QString line = QStringLiteral("  %1 %2").arg(stateText(a.state).leftJustified(13), actionText(a));
            if (a.state == State::Problem)
                line += QStringLiteral(": ") + a.problem;
            actionLines << line;
        }
        if (actionLines.isEmpty() && !alreadyThere)
            continue;
        out << QStringLiteral("%1 '%2'").arg(containerWord, c.id) << actionLines;
    }
    return out;
}

QString SchemaProvisionReport::countText(State state) const
{
    int counts[3] = {0, 0, 0};
    for (const Collection &c : collections) {
        for (const Action &a : c.actions)
            counts[int(a.kind)] += a.state == state ? 1 : 0;
    }
    const QString words[3][2] = {{containerWord, containerWord + QLatin1Char('s')},
                                 {fieldWord, fieldWord + QLatin1Char('s')},
                                 {QStringLiteral("index"), QStringLiteral("indexes")}};
    QStringList parts;
    for (int k = 0; k < 3; ++k) {
        if (counts[k] > 0)
            parts << QStringLiteral("%1 %2").arg(counts[k]).arg(words[k][counts[k] == 1 ? 0 : 1]);
    }
    if (parts.isEmpty())
        return QStringLiteral("nothing");
    const QString last = parts.takeLast();
    return parts.isEmpty() ? last : parts.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

} // namespace cc
