#include "ConnectionTestView.h"

#include "checker/CheckerController.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace cc {

namespace {
const QString kGreen = QStringLiteral("#2e7d32");
const QString kRed = QStringLiteral("#c62828");
} // namespace

ConnectionTestView::ConnectionTestView(CheckerController *controller,
                                       std::function<EngineSettings()> settings, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_settings(std::move(settings)),
      m_button(new QPushButton(tr("Test connection"))),
      m_result(new QLabel(tr("Checks that both services answer and accept these keys; saves nothing.")))
{
    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    m_button->setObjectName(QStringLiteral("testConnectionButton"));
    m_button->setToolTip(tr("Checks both services and the Appwrite schema with the values being edited"));
    m_result->setObjectName(QStringLiteral("connectionResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row->addWidget(m_button, 0, Qt::AlignTop);
    row->addWidget(m_result, 1);
    connect(m_button, &QPushButton::clicked, this, &ConnectionTestView::start);
    if (m_controller) {
        connect(m_controller->worker(), &CheckerWorker::connectionTested, this,
                &ConnectionTestView::onTested);
        connect(m_controller, &QObject::destroyed, this, [this] {
            if (m_testing)
                m_result->setText(tr("The checker was restarted before the test finished."));
            m_testing = false;
            m_button->setText(tr("Test connection"));
            updateButton();
        });
    }
    updateButton();
}

void ConnectionTestView::setInputValid(bool valid)
{
    m_inputValid = valid;
    updateButton();
}

void ConnectionTestView::updateButton()
{
    m_button->setEnabled(m_controller && m_inputValid && !m_testing);
    if (!m_testing)
        m_button->setToolTip(m_inputValid
                                 ? tr("Checks both services and the Appwrite schema with the values "
                                      "being edited")
                                 : tr("Fix the problems marked on the Appwrite and Graphy pages first"));
}

void ConnectionTestView::start()
{
    if (!m_controller || !m_inputValid || m_testing)
        return;
    m_testing = true;
    m_button->setText(tr("Testing…"));
    m_result->setText(tr("Testing the connection to Appwrite and Graphy with the values above…"));
    updateButton();
    m_controller->call(&CheckerWorker::testConnection, m_settings());
}

void ConnectionTestView::onTested(const HealthReport &report)
{
    if (!m_testing)
        return; // another window's test
    m_testing = false;
    m_button->setText(tr("Test connection"));
    QStringList lines{serviceLine(tr("Appwrite"), report.appwrite), serviceLine(tr("Graphy"), report.graphy)};
    if (!report.schemaChecked) {
        lines << (report.schemaNotCheckedReason.isEmpty()
                      ? tr("<b>Schema:</b> not checked (Appwrite must accept the key first)")
                      : tr("<b>Schema:</b> not checked, because %1")
                            .arg(report.schemaNotCheckedReason.toHtmlEscaped()));
    } else if (report.schemaProblems.isEmpty()) {
        lines << tr("<b>Schema:</b> <span style=\"color:%1\">all attributes and indexes present</span>")
                     .arg(kGreen);
    } else {
        QStringList problems;
        for (const QString &p : report.schemaProblems)
            problems << p.toHtmlEscaped();
        lines << tr("<b>Schema:</b> <span style=\"color:%1\">%2</span>")
                     .arg(kRed, problems.join(QStringLiteral("; ")));
    }
    m_result->setText(lines.join(QStringLiteral("<br>")));
    updateButton();
}

// "Appwrite: ok (42 ms, server 1.5.7)", "Graphy: credentials refused — …", in colour.
QString ConnectionTestView::serviceLine(const QString &name, const ServiceHealth &h)
{
    QString state;
    bool good = false;
    if (!h.checked) {
        state = tr("not checked");
    } else if (!h.reachable) {
        state = tr("unreachable");
    } else if (!h.credentialsOk) {
        state = tr("credentials refused");
    } else {
        good = true;
        QStringList facts;
        if (h.latencyMs >= 0)
            facts << tr("%1 ms").arg(h.latencyMs);
        if (!h.version.isEmpty())
            facts << tr("server %1").arg(h.version);
        state = facts.isEmpty() ? tr("ok") : tr("ok (%1)").arg(facts.join(QStringLiteral(", ")));
    }
    QString line = QStringLiteral("<b>%1:</b> <span style=\"color:%2\">%3</span>")
                       .arg(name.toHtmlEscaped(), good ? kGreen : kRed, state.toHtmlEscaped());
    if (!good && !h.message.isEmpty() && h.message != QLatin1String("ok"))
        line += QStringLiteral(" — ") + h.message.toHtmlEscaped();
    return line;
}

} // namespace cc
