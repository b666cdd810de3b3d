#pragma once

#include "base/HealthReport.h"
#include "checker/EngineSettings.h"

#include <QPointer>
#include <QWidget>
#include <functional>

class QLabel;
class QPushButton;

namespace cc {

class CheckerController;

// The settings dialog's "Test connection": a button and the result beside it. Runs the health
// check with settings that are being edited (CheckerController::testConnection: temporary clients
// in the checker thread, the running checker untouched) and shows, per service, ok / unreachable /
// credentials refused, and the schema problems. Shows "Testing…" until the answer arrives.
//
// The button is named "testConnectionButton", the result label "connectionResult".
class ConnectionTestView : public QWidget
{
    Q_OBJECT
public:
    // `settings` gives the values to test when the button is pressed.
    ConnectionTestView(CheckerController *controller, std::function<EngineSettings()> settings,
                       QWidget *parent = nullptr);

    bool isTesting() const { return m_testing; }
    // False while the values to test have problems: the button is disabled.
    void setInputValid(bool valid);

public slots:
    void start();

private:
    void onTested(const HealthReport &report);
    void updateButton();
    static QString serviceLine(const QString &name, const ServiceHealth &health);

    QPointer<CheckerController> m_controller; // the app may replace its checker meanwhile
    std::function<EngineSettings()> m_settings;
    bool m_inputValid = true;
    bool m_testing = false;
    QPushButton *m_button;
    QLabel *m_result;
};

} // namespace cc
