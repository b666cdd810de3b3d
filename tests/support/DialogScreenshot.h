#pragma once
// With CC_SCREENSHOT_DIR set, the dialog tests also save a PNG of what they checked.

#include <QString>
#include <QTest>
#include <QWidget>

inline void saveScreenshot(QWidget *w, const QString &name)
{
    if (!qEnvironmentVariableIsSet("CC_SCREENSHOT_DIR"))
        return;
    if (!w->isVisible()) {
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
    }
    QTest::qWait(50); // let pending layout requests run, as they would on screen
    w->grab().save(qEnvironmentVariable("CC_SCREENSHOT_DIR") + QLatin1Char('/') + name);
}
