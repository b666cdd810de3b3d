#pragma once

#include <QFrame>

class QLabel;
class QPushButton;

namespace cc {

// A message in the page, above what it is about, with the one action that fixes it beside it
// ("Open Settings", "Keep for this session"), instead of a dialog or a greyed-out button.
class InlineBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Tone { Info, Warning, Error, Success };

    explicit InlineBanner(QWidget *parent = nullptr);

    // Shows the banner; an empty action text hides the button.
    void showMessage(Tone tone, const QString &text, const QString &actionText = QString());
    QString text() const;
    QPushButton *actionButton() const { return m_action; }

signals:
    void actionTriggered();

private:
    QLabel *m_text;
    QPushButton *m_action;
};

} // namespace cc
