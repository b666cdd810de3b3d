#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QTableWidget;

namespace cc {

// Help → Keyboard shortcuts: every action of the window that has a shortcut, with its key, as the
// platform writes it. Built from the actions themselves, so the list cannot drift from the menus.
class KeyboardShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit KeyboardShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);

    // The rows shown: action text (without access-key markers) and its shortcut.
    QList<QPair<QString, QString>> rows() const { return m_rows; }

private:
    QList<QPair<QString, QString>> m_rows;
};

} // namespace cc
