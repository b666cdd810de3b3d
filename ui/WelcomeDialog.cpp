#include "WelcomeDialog.h"

#include <QCommandLinkButton>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace cc {

WelcomeDialog::WelcomeDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Welcome — Completion Checker"));
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);

    auto *titleRow = new QHBoxLayout;
    const QIcon appIcon(QStringLiteral(":/icons/completion-checker.svg"));
    if (!appIcon.isNull()) {
        auto *icon = new QLabel;
        icon->setPixmap(appIcon.pixmap(48, 48));
        titleRow->addWidget(icon);
        setWindowIcon(appIcon);
    }
    auto *title = new QLabel(tr("Welcome to Completion Checker"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    title->setFont(titleFont);
    titleRow->addWidget(title, 1);
    layout->addLayout(titleRow);

    auto *intro = new QLabel(tr(
        "Completion Checker finds learners who finished their Graphy course but have no certificate yet: it "
        "checks the enrolled learners of your Appwrite database on a schedule and records one certificate "
        "event for each completion.\n\nNothing is configured yet. How would you like to start?"));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_note = new QLabel;
    m_note->setObjectName(QStringLiteral("welcomeNote"));
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("#welcomeNote { background: #e3f2fd; border: 1px solid #90caf9; "
                                         "border-radius: 4px; padding: 6px; color: #0d3c61; }"));
    m_note->hide();
    layout->addWidget(m_note);

    auto *demo = new QCommandLinkButton(
        tr("Try with demo data"),
        tr("Starts a local imitation of Appwrite and Graphy with made-up learners, on this computer only. "
           "No accounts needed; nothing is sent anywhere."));
    demo->setObjectName(QStringLiteral("demoButton"));
    connect(demo, &QCommandLinkButton::clicked, this, [this] { choose(Choice::Demo); });
    layout->addWidget(demo);

    auto *connectButton = new QCommandLinkButton(
        tr("Connect to my services"),
        tr("Enter your Appwrite endpoint, project and API key, and your Graphy merchant ID and API key. "
           "Keys are stored in the system keychain."));
    connectButton->setObjectName(QStringLiteral("connectButton"));
    connect(connectButton, &QCommandLinkButton::clicked, this, [this] { choose(Choice::Connect); });
    layout->addWidget(connectButton);
    layout->addStretch(1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Not now"));
    connect(buttons, &QDialogButtonBox::rejected, this, &WelcomeDialog::reject);
    layout->addWidget(buttons);

    // Framed: two big choices, not links in a list (Fusion draws command links flat).
    setStyleSheet(QStringLiteral(
        "QCommandLinkButton { border: 1px solid palette(mid); border-radius: 6px; "
        "background: palette(base); padding: 8px; }"
        "QCommandLinkButton:hover, QCommandLinkButton:focus { border-color: palette(highlight); }"));
    demo->setFocus();
    resize(580, 360);
}

void WelcomeDialog::setNote(const QString &text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

void WelcomeDialog::choose(Choice choice)
{
    m_choice = choice;
    accept();
}

} // namespace cc
