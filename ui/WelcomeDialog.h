#pragma once

#include <QDialog>

class QLabel;

namespace cc {

// The first start with no configuration: try the product on demo data (the built-in sandbox, as
// --sandbox does) or connect it to real services (the settings dialog). The caller acts on choice().
class WelcomeDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Choice { Demo, Connect, Cancel };

    explicit WelcomeDialog(QWidget *parent = nullptr);

    Choice choice() const { return m_choice; }
    // A line above the choices (e.g. that a demo is already running); empty hides it.
    void setNote(const QString &text);

private:
    void choose(Choice choice);

    Choice m_choice = Choice::Cancel;
    QLabel *m_note = nullptr;
};

} // namespace cc
