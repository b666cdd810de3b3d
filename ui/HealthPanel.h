#pragma once

#include "base/HealthReport.h"
#include "base/RunRecord.h"

#include <QHash>
#include <QWidget>
#include <optional>

class QLabel;
class QListWidget;
class QPushButton;
class QGroupBox;

namespace cc {

class CheckerController;
class SchemaProvisionFlow;

// The health of both services (reachable, latency, credentials, circuit breaker, last success)
// and of the Appwrite schema, from the worker's health check; breaker changes arrive live.
class HealthPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Level { Unknown, Ok, Warning, Error };
    Q_ENUM(Level)

    explicit HealthPanel(CheckerController *controller, QWidget *parent = nullptr);

    bool isChecking() const { return m_checking; }
    const std::optional<HealthReport> &report() const { return m_report; }
    Level serviceLevel(const QString &service) const;
    Level schemaLevel() const;
    Level overallLevel() const;

public slots:
    // Runs the health check (controller->checkHealth()) and shows "Checking…" until it answers.
    void refresh();
    void showReport(const cc::HealthReport &report);
    void showServiceState(const QString &service, const QString &breakerState);
    void showPace(const cc::RunRecord &run);

signals:
    void levelChanged(cc::HealthPanel::Level level);

private:
    struct ServiceView
    {
        QGroupBox *box = nullptr;
        QLabel *statusIcon = nullptr;
        QLabel *status = nullptr;
        QLabel *latency = nullptr;
        QLabel *credentials = nullptr;
        QLabel *breaker = nullptr;
        QLabel *lastSuccess = nullptr;
        QLabel *version = nullptr;
        QLabel *api = nullptr; // the API the checker speaks: Appwrite's family, Graphy's version
        QLabel *endpoint = nullptr;
        QLabel *pace = nullptr; // the rate the checker holds the service to, and why
        QLabel *message = nullptr;
    };

    QGroupBox *buildService(ServiceView &view, const QString &service, const QString &title);
    void refreshService(ServiceView &view, const QString &service);
    void refreshSchema();
    void refreshHeadline();
    void refreshProvisionButton();
    QPixmap iconFor(Level level) const;
    const ServiceHealth *healthOf(const QString &service) const;

    CheckerController *m_controller;
    std::optional<HealthReport> m_report;
    QHash<QString, QString> m_breakerStates; // live, newer than the report's
    QHash<QString, QString> m_apiModes;      // likewise
    QHash<QString, QString> m_paces;         // from the last report, then each run's progress
    bool m_checking = false;
    Level m_reportedLevel = Level::Unknown;

    QLabel *m_headlineIcon;
    QLabel *m_headline;
    QLabel *m_checkedAt;
    QPushButton *m_refresh;
    ServiceView m_appwrite;
    ServiceView m_graphy;
    QLabel *m_schemaIcon;
    QLabel *m_schemaStatus;
    QListWidget *m_schemaProblems;
    QPushButton *m_provision;             // "Create missing tables…" (SchemaProvisionFlow)
    SchemaProvisionFlow *m_provisionFlow; // null without a controller
};

} // namespace cc
