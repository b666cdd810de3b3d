#include "InlineBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace cc {

InlineBanner::InlineBanner(QWidget *parent) : QFrame(parent), m_text(new QLabel), m_action(new QPushButton)
{
    setObjectName(QStringLiteral("inlineBanner"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    connect(m_action, &QPushButton::clicked, this, &InlineBanner::actionTriggered);
    hide();
}

void InlineBanner::showMessage(Tone tone, const QString &text, const QString &actionText)
{
    // Light backgrounds with dark text: readable in light and dark themes alike.
    struct Colors
    {
        const char *background, *border, *text;
    };
    const Colors c = tone == Tone::Error     ? Colors{"#fdecea", "#f5c2c0", "#611a15"}
                     : tone == Tone::Warning ? Colors{"#fff8e1", "#f0c36d", "#4e3b00"}
                     : tone == Tone::Success ? Colors{"#edf7ed", "#a5d6a7", "#1e4620"}
                                             : Colors{"#e3f2fd", "#90caf9", "#0d3c61"};
    // By object name, which callers may change: a type selector would style frames in the text too.
    const QString self = QStringLiteral("QFrame#") + objectName();
    setStyleSheet(
        QStringLiteral("%1 { background: %2; border: 1px solid %3; border-radius: 4px; } "
                       "%1 > QLabel { color: %4; }")
            .arg(self, QLatin1String(c.background), QLatin1String(c.border), QLatin1String(c.text)));
    m_text->setText(text);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    show();
}

QString InlineBanner::text() const
{
    return m_text->text();
}

} // namespace cc
