#include "HealthPanel.h"

#include "SchemaProvisionFlow.h"
#include "checker/CheckerController.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace cc {

namespace {
const QString kAppwrite = QStringLiteral("appwrite");
const QString kGraphy = QStringLiteral("graphy");
constexpr qint64 kSlowLatencyMs = 3000;

QLabel *valueLabel(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString breakerText(const QString &state)
{
    if (state == QLatin1String("closed"))
        return HealthPanel::tr("Closed (requests flow normally)");
    if (state == QLatin1String("open"))
        return HealthPanel::tr("Open (requests paused after repeated failures; retried shortly)");
    if (state == QLatin1String("half_open"))
        return HealthPanel::tr("Half-open (trying one request before resuming)");
    return state.isEmpty() ? HealthPanel::tr("—") : state;
}

HealthPanel::Level worst(HealthPanel::Level a, HealthPanel::Level b)
{
    return std::max(a, b);
}
} // namespace

HealthPanel::HealthPanel(CheckerController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_headlineIcon(new QLabel),
      m_headline(valueLabel(QStringLiteral("healthHeadline"))),
      m_checkedAt(valueLabel(QStringLiteral("healthCheckedAt"))), m_refresh(new QPushButton(tr("&Refresh"))),
      m_schemaIcon(new QLabel), m_schemaStatus(valueLabel(QStringLiteral("schemaStatus"))),
      m_schemaProblems(new QListWidget), m_provision(new QPushButton),
      m_provisionFlow(controller != nullptr ? new SchemaProvisionFlow(controller, this) : nullptr)
{
    m_refresh->setObjectName(QStringLiteral("healthRefresh"));
    m_refresh->setToolTip(
        tr("Check that both services answer and accept the keys, and that the Appwrite schema is complete"));
    m_checkedAt->setWordWrap(false);
    QFont headlineFont = m_headline->font();
    headlineFont.setBold(true);
    m_headline->setFont(headlineFont);
    auto *head = new QHBoxLayout;
    head->addWidget(m_headlineIcon);
    head->addWidget(m_headline, 1);
    head->addWidget(m_checkedAt);
    head->addWidget(m_refresh);

    auto *services = new QHBoxLayout;
    services->addWidget(buildService(m_appwrite, kAppwrite, tr("Appwrite")), 1);
    services->addWidget(buildService(m_graphy, kGraphy, tr("Graphy")), 1);

    auto *schemaBox = new QGroupBox(tr("Appwrite schema"));
    auto *schemaHead = new QHBoxLayout;
    schemaHead->addWidget(m_schemaIcon);
    schemaHead->addWidget(m_schemaStatus, 1);
    m_provision->setObjectName(QStringLiteral("schemaProvision"));
    m_provision->setToolTip(tr("Create the tables (collections), columns and indexes the checker needs that "
                               "are missing. Lists them first and asks; never changes or deletes anything."));
    schemaHead->addWidget(m_provision);
    m_schemaProblems->setObjectName(QStringLiteral("schemaProblems"));
    m_schemaProblems->setWordWrap(true);
    m_schemaProblems->setSelectionMode(QAbstractItemView::NoSelection);
    auto *schemaLayout = new QVBoxLayout(schemaBox);
    schemaLayout->addLayout(schemaHead);
    schemaLayout->addWidget(m_schemaProblems);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(head);
    layout->addLayout(services);
    layout->addWidget(schemaBox);
    layout->addStretch(1);

    connect(m_refresh, &QPushButton::clicked, this, &HealthPanel::refresh);
    if (m_provisionFlow != nullptr) {
        connect(m_provision, &QPushButton::clicked, m_provisionFlow, &SchemaProvisionFlow::start);
        connect(m_provisionFlow, &SchemaProvisionFlow::busyChanged, this,
                &HealthPanel::refreshProvisionButton);
        // What was created shows in the schema box only after a new check.
        connect(m_provisionFlow, &SchemaProvisionFlow::finished, this, [this](bool provisioned) {
            if (provisioned)
                refresh();
        });
    }
    if (m_controller != nullptr) {
        const CheckerWorker *w = m_controller->worker();
        connect(w, &CheckerWorker::healthChecked, this, &HealthPanel::showReport);
        connect(w, &CheckerWorker::serviceStateChanged, this, &HealthPanel::showServiceState);
        connect(w, &CheckerWorker::appwriteApiChanged, this, [this](const QString &description) {
            m_apiModes.insert(kAppwrite, description);
            refreshService(m_appwrite, kAppwrite);
        });
        // A run's progress carries the pace as it moves; a health check only its value then.
        for (auto signal : {&CheckerWorker::runProgress, &CheckerWorker::runFinished})
            connect(w, signal, this, &HealthPanel::showPace);
    }
    refreshService(m_appwrite, kAppwrite);
    refreshService(m_graphy, kGraphy);
    refreshSchema();
    refreshHeadline();
}

QGroupBox *HealthPanel::buildService(ServiceView &view, const QString &service, const QString &title)
{
    view.box = new QGroupBox(title);
    view.box->setObjectName(service + QStringLiteral("Health"));
    view.statusIcon = new QLabel;
    view.status = valueLabel(service + QStringLiteral("Status"));
    QFont bold = view.status->font();
    bold.setBold(true);
    view.status->setFont(bold);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(view.statusIcon);
    statusRow->addWidget(view.status, 1);
    auto *form = new QFormLayout(view.box);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(statusRow);
    form->addRow(tr("Endpoint"), view.endpoint = valueLabel(service + QStringLiteral("Endpoint")));
    form->addRow(tr("Latency"), view.latency = valueLabel(service + QStringLiteral("Latency")));
    form->addRow(tr("Credentials"), view.credentials = valueLabel(service + QStringLiteral("Credentials")));
    form->addRow(tr("Circuit breaker"), view.breaker = valueLabel(service + QStringLiteral("Breaker")));
    form->addRow(tr("Last success"), view.lastSuccess = valueLabel(service + QStringLiteral("LastSuccess")));
    form->addRow(tr("Version"), view.version = valueLabel(service + QStringLiteral("Version")));
    form->addRow(tr("API"), view.api = valueLabel(service + QStringLiteral("Api")));
    form->addRow(tr("Pace"), view.pace = valueLabel(service + QStringLiteral("Pace")));
    form->addRow(tr("Message"), view.message = valueLabel(service + QStringLiteral("Message")));
    return view.box;
}

void HealthPanel::refresh()
{
    if (m_controller == nullptr)
        return;
    m_checking = true;
    m_controller->call(&CheckerWorker::checkHealth);
    refreshHeadline();
}

void HealthPanel::showReport(const HealthReport &report)
{
    m_checking = false;
    m_report = report;
    // The report's breaker states are current as of now; live updates continue from there.
    m_breakerStates.insert(kAppwrite, report.appwrite.breakerState);
    m_breakerStates.insert(kGraphy, report.graphy.breakerState);
    m_apiModes.insert(kAppwrite, report.appwrite.apiMode);
    m_apiModes.insert(kGraphy, report.graphy.apiMode);
    m_paces.insert(kAppwrite, report.appwrite.pace);
    m_paces.insert(kGraphy, report.graphy.pace);
    refreshService(m_appwrite, kAppwrite);
    refreshService(m_graphy, kGraphy);
    refreshSchema();
    refreshHeadline();
}

void HealthPanel::showPace(const RunRecord &run)
{
    m_paces.insert(kAppwrite, run.appwritePace);
    m_paces.insert(kGraphy, run.graphyPace);
    refreshService(m_appwrite, kAppwrite);
    refreshService(m_graphy, kGraphy);
}

void HealthPanel::showServiceState(const QString &service, const QString &breakerState)
{
    m_breakerStates.insert(service, breakerState);
    if (service == kAppwrite)
        refreshService(m_appwrite, kAppwrite);
    else if (service == kGraphy)
        refreshService(m_graphy, kGraphy);
    refreshHeadline();
}

const ServiceHealth *HealthPanel::healthOf(const QString &service) const
{
    if (!m_report)
        return nullptr;
    return service == kAppwrite ? &m_report->appwrite : &m_report->graphy;
}

HealthPanel::Level HealthPanel::serviceLevel(const QString &service) const
{
    const QString breaker = m_breakerStates.value(service);
    Level level = breaker == QLatin1String("open")        ? Level::Error
                  : breaker == QLatin1String("half_open") ? Level::Warning
                                                          : Level::Unknown;
    const ServiceHealth *h = healthOf(service);
    if (h == nullptr || !h->checked)
        return level;
    if (!h->reachable || !h->credentialsOk)
        return Level::Error;
    if (h->degraded || h->latencyMs > kSlowLatencyMs || h->message != QLatin1String("ok"))
        return worst(level, Level::Warning);
    return worst(level, Level::Ok);
}

HealthPanel::Level HealthPanel::schemaLevel() const
{
    if (!m_report)
        return Level::Unknown;
    if (!m_report->schemaProblems.isEmpty())
        return Level::Error;
    if (!m_report->schemaChecked)
        return m_report->appwrite.reachable && m_report->appwrite.credentialsOk ? Level::Warning
                                                                                : Level::Unknown;
    return Level::Ok;
}

HealthPanel::Level HealthPanel::overallLevel() const
{
    return worst(worst(serviceLevel(kAppwrite), serviceLevel(kGraphy)), schemaLevel());
}

QPixmap HealthPanel::iconFor(Level level) const
{
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    QStyle::StandardPixmap which = QStyle::SP_MessageBoxQuestion;
    if (level == Level::Ok)
        which = QStyle::SP_DialogApplyButton;
    else if (level == Level::Warning)
        which = QStyle::SP_MessageBoxWarning;
    else if (level == Level::Error)
        which = QStyle::SP_MessageBoxCritical;
    return style()->standardIcon(which, nullptr, this).pixmap(size, size);
}

void HealthPanel::refreshService(ServiceView &view, const QString &service)
{
    const ServiceHealth *h = healthOf(service);
    const Level level = serviceLevel(service);
    view.statusIcon->setPixmap(iconFor(level));
    view.breaker->setText(breakerText(m_breakerStates.value(service)));
    const QString api = m_apiModes.value(service);
    view.api->setText(api.isEmpty() ? tr("—") : api);
    const QString pace = m_paces.value(service);
    view.pace->setText(pace.isEmpty() ? tr("—") : pace);
    if (h == nullptr || !h->checked) {
        view.status->setText(tr("Not checked yet"));
        for (QLabel *label :
             {view.endpoint, view.latency, view.credentials, view.lastSuccess, view.version, view.message})
            label->setText(tr("—"));
        return;
    }
    if (!h->reachable)
        view.status->setText(tr("Unreachable"));
    else if (!h->credentialsOk)
        view.status->setText(tr("Reachable, but the credentials were refused"));
    else if (level == Level::Error)
        view.status->setText(tr("Reachable, but failing repeatedly"));
    else if (h->degraded)
        view.status->setText(tr("Reachable, degraded"));
    else
        view.status->setText(level == Level::Warning ? tr("Reachable, with a warning") : tr("Reachable"));
    view.endpoint->setText(h->endpoint.isEmpty() ? tr("—") : h->endpoint);
    view.latency->setText(h->latencyMs >= 0 ? tr("%1 ms").arg(h->latencyMs) : tr("— (no answer measured)"));
    if (!h->reachable)
        view.credentials->setText(tr("Not verified (no answer from the service)"));
    else
        view.credentials->setText(h->credentialsOk ? tr("Valid") : tr("Refused or missing a permission"));
    view.lastSuccess->setText(h->lastSuccess.isValid() ? h->lastSuccess.toLocalTime().toString(
                                                             QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                                       : tr("None since the app started"));
    view.version->setText(h->version.isEmpty() ? tr("—") : h->version);
    view.message->setText(h->message.isEmpty() ? tr("—") : h->message);
}

void HealthPanel::refreshSchema()
{
    const Level level = schemaLevel();
    m_schemaIcon->setPixmap(iconFor(level));
    m_schemaProblems->clear();
    if (!m_report) {
        m_schemaStatus->setText(tr("Schema: not checked yet"));
    } else if (!m_report->schemaProblems.isEmpty()) {
        const int n = int(m_report->schemaProblems.size());
        m_schemaStatus->setText(
            n == 1
                ? tr("Schema: 1 problem. Create what is missing here, or in the Appwrite console.")
                : tr("Schema: %1 problems. Create what is missing here, or in the Appwrite console.").arg(n));
        m_schemaProblems->addItems(m_report->schemaProblems);
    } else if (!m_report->schemaChecked) {
        m_schemaStatus->setText(
            m_report->schemaNotCheckedReason.isEmpty()
                ? tr("Schema: not checked")
                : tr("Schema: not checked, because %1").arg(m_report->schemaNotCheckedReason));
    } else {
        m_schemaStatus->setText(tr("Schema: all attributes and indexes present"));
    }
    // As tall as its problems (up to 10 lines, then it scrolls), so no empty box fills the panel.
    const int rows = std::min(10, m_schemaProblems->count());
    if (rows > 0) {
        int height = 2 * m_schemaProblems->frameWidth() + 4;
        for (int row = 0; row < rows; ++row)
            height += std::max(m_schemaProblems->sizeHintForRow(row), fontMetrics().height());
        m_schemaProblems->setFixedHeight(height);
    }
    m_schemaProblems->setVisible(rows > 0);
    refreshProvisionButton();
}

void HealthPanel::refreshProvisionButton()
{
    const bool busy = m_provisionFlow != nullptr && m_provisionFlow->isBusy();
    // Worded as the family Health saw speaks ("TablesDB (…)" or "documents API (…)").
    const bool documents = m_report && m_report->appwrite.apiMode.startsWith(QLatin1String("documents"));
    m_provision->setText(!busy
                             ? (documents ? tr("Create missing collections…") : tr("Create missing tables…"))
                         : m_provisionFlow->isProvisioning() ? tr("Creating…")
                                                             : tr("Checking what is missing…"));
    // Useful when the schema lacks something, a new database's missing tables included (Health
    // reports those as schema problems once the key proved it can reach the database).
    const bool missing = m_report && m_report->schemaChecked && !m_report->schemaProblems.isEmpty();
    m_provision->setEnabled(m_provisionFlow != nullptr && !busy && !m_checking && missing);
    m_provision->setVisible(m_report.has_value());
}

void HealthPanel::refreshHeadline()
{
    const Level level = overallLevel();
    m_refresh->setEnabled(!m_checking && m_controller != nullptr);
    refreshProvisionButton();
    m_refresh->setText(m_checking ? tr("Checking…") : tr("&Refresh"));
    m_checkedAt->setText(
        m_report && m_report->checkedAt.isValid()
            ? tr("Checked at %1").arg(m_report->checkedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")))
            : QString());
    m_headlineIcon->setPixmap(iconFor(m_checking ? Level::Unknown : level));
    if (m_checking) {
        m_headline->setText(tr("Checking Appwrite, Graphy and the schema…"));
    } else if (!m_report) {
        m_headline->setText(
            tr("Not checked yet. Press Refresh to check both services and the Appwrite schema."));
    } else if (level == Level::Ok) {
        m_headline->setText(
            tr("All checks passed: both services answer, the keys work and the schema is complete."));
    } else {
        QStringList issues;
        const std::pair<QString, QString> services[] = {{kAppwrite, tr("Appwrite")}, {kGraphy, tr("Graphy")}};
        for (const auto &[key, name] : services) {
            if (serviceLevel(key) >= Level::Warning)
                issues << tr("%1: %2").arg(
                    name, (key == kAppwrite ? m_appwrite : m_graphy).status->text().toLower());
        }
        if (schemaLevel() >= Level::Warning)
            issues << m_schemaStatus->text().section(QLatin1Char('.'), 0, 0);
        m_headline->setText(issues.join(QStringLiteral(" · ")));
    }
    if (!m_checking && level != m_reportedLevel) {
        m_reportedLevel = level;
        emit levelChanged(level);
    }
}

} // namespace cc
