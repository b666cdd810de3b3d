#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTimer>

namespace cc::test {

// Answers the next modal message box with the given button (polls until one is up).
inline void answerNextMessageBox(QMessageBox::StandardButton answer)
{
    QTimer::singleShot(0, qApp, [answer] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box == nullptr) {
            answerNextMessageBox(answer); // not up yet
            return;
        }
        box->button(answer)->click();
    });
}

} // namespace cc::test
