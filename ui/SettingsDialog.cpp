#include "SettingsDialog.h"

#include "ConfigFieldForm.h"
#include "ConnectionTestView.h"
#include "DesktopSettingsPage.h"
#include "InlineBanner.h"
#include "checker/EngineConfiguration.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace cc {

namespace {
enum Page { AppwritePage, GraphyPage, SchedulePage, PageCount };

const QList<ConfigKey> kServiceKeys{ConfigKey::AppwriteEndpoint,
                                    ConfigKey::AppwriteProject,
                                    ConfigKey::AppwriteApiKey,
                                    ConfigKey::AppwriteDatabaseId,
                                    ConfigKey::LearnersCollection,
                                    ConfigKey::EventsCollection,
                                    ConfigKey::RunsCollection,
                                    ConfigKey::AppwriteApiFamily,
                                    ConfigKey::AttributeStatus,
                                    ConfigKey::AttributeEmail,
                                    ConfigKey::AttributeName,
                                    ConfigKey::AttributeCourseId,
                                    ConfigKey::AttributeCompletionData,
                                    ConfigKey::AttributeCompletedAt,
                                    ConfigKey::AttributeLastCompletionCheck,
                                    ConfigKey::GraphyApiBase,
                                    ConfigKey::GraphyMerchantId,
                                    ConfigKey::GraphyApiKey};

QLabel *hint(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: palette(dark);"));
    return label;
}

QWidget *scrollable(QWidget *page)
{
    // Long messages or the unfolded attribute names may outgrow a small screen: scroll, never clip.
    auto *area = new QScrollArea;
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    area->setWidget(page);
    return area;
}

QFormLayout *newForm()
{
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    return form;
}

} // namespace

SettingsDialog::SettingsDialog(const AppConfig &current, CheckerController *controller, QWidget *parent,
                               Scope scope)
    : QDialog(parent), m_current(current), m_scope(scope), m_secrets(new KeychainSecretStore(this)),
      m_form(new ConfigFieldForm(current, this))
{
    setWindowTitle(tr("Settings — Completion Checker"));
    auto *layout = new QVBoxLayout(this);
    const bool demo = scope == Scope::DemoSession;
    if (demo)
        layout->addWidget(buildDemoBanner());
    layout->addWidget(buildKeychainBanner()); // shown only when the keychain is probed and missing
    m_keysNotSaved = new InlineBanner;
    m_keysNotSaved->setObjectName(QStringLiteral("keysNotSavedBanner"));
    connect(m_keysNotSaved, &InlineBanner::actionTriggered, this,
            &SettingsDialog::keepTypedKeysForThisSession);
    layout->addWidget(m_keysNotSaved);
    m_tabs = new QTabWidget;
    m_tabs->addTab(scrollable(buildAppwritePage()), tr("App&write")); // Alt+A is Apply
    m_tabs->addTab(scrollable(buildGraphyPage()), tr("&Graphy"));
    m_tabs->addTab(scrollable(buildSchedulePage()), tr("Sche&dule && limits"));
    m_desktopPage = new DesktopSettingsPage(current);
    const int desktopTab = m_tabs->addTab(m_desktopPage, tr("Des&ktop"));
    if (demo) { // the login start would run the demo at every login
        m_tabs->setTabEnabled(desktopTab, false);
        m_tabs->setTabToolTip(desktopTab, tr("Desktop settings are not available in the demo."));
    }
    layout->addWidget(m_tabs, 1);

    m_otherErrors = new QLabel;
    m_otherErrors->setObjectName(QStringLiteral("otherErrors"));
    m_otherErrors->setWordWrap(true);
    m_otherErrors->setStyleSheet(QStringLiteral("color: #c62828;"));
    layout->addWidget(m_otherErrors);
    layout->addWidget(buildConnectionTest(controller));

    m_applyStatus = new QLabel;
    m_applyStatus->setObjectName(QStringLiteral("applyStatus"));
    m_applyStatus->setWordWrap(true);
    m_applyStatus->hide();
    layout->addWidget(m_applyStatus);
    m_buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    layout->addWidget(m_buttons);

    connect(m_form, &ConfigFieldForm::validated, this, &SettingsDialog::onValidated);
    connect(m_secrets, &KeychainSecretStore::readDone, this, &SettingsDialog::onSecretRead);
    connect(m_secrets, &KeychainSecretStore::writeDone, this, &SettingsDialog::onSecretWritten);
    connect(m_secrets, &KeychainSecretStore::availabilityKnown, this,
            &SettingsDialog::onKeychainAvailability);
    if (!demo) { // the demo's keys are the sandbox's; the keychain holds the real ones
        m_secrets->isAvailable();
        m_secrets->read(SecretKind::AppwriteApiKey);
        m_secrets->read(SecretKind::GraphyApiKey);
    }
    m_form->validate();
    resize(760, 600);
}

SettingsDialog::~SettingsDialog() = default;

AppConfig SettingsDialog::editedConfig() const
{
    AppConfig config = m_form->editedConfig();
    m_desktopPage->applyTo(&config);
    return config;
}
bool SettingsDialog::isValid() const
{
    return m_form->errors().isEmpty();
}
QHash<ConfigKey, QString> SettingsDialog::fieldErrors() const
{
    return m_form->errors();
}

QWidget *SettingsDialog::buildKeychainBanner()
{
    m_banner = new QFrame;
    m_banner->setObjectName(QStringLiteral("keychainBanner"));
    m_banner->setStyleSheet(
        QStringLiteral("#keychainBanner { background: #fff8e1; border: 1px solid #f0c36d; "
                       "border-radius: 4px; } #keychainBanner QLabel { color: #4e3b00; }"));
    auto *layout = new QVBoxLayout(m_banner);
    m_bannerText = new QLabel;
    m_bannerText->setWordWrap(true);
    m_sessionOnly = new QCheckBox(tr("Keep keys for this session only"));
    m_sessionOnly->setObjectName(QStringLiteral("sessionOnlyCheck"));
    m_sessionOnly->setChecked(KeychainSecretStore::isSessionOnly());
    connect(m_sessionOnly, &QCheckBox::toggled, this, &SettingsDialog::updateButtons);
    layout->addWidget(m_bannerText);
    layout->addWidget(m_sessionOnly);
    m_banner->hide();
    return m_banner;
}

QWidget *SettingsDialog::buildDemoBanner()
{
    auto *banner = new QLabel(tr("<b>Demo data.</b> Changes made here apply to this demo until it quits. "
                                 "Nothing is saved: your real settings and the system keychain are not "
                                 "touched."));
    banner->setObjectName(QStringLiteral("demoBanner"));
    banner->setWordWrap(true);
    banner->setStyleSheet(QStringLiteral("#demoBanner { background: #e3f2fd; border: 1px solid #90caf9; "
                                         "border-radius: 4px; padding: 6px; color: #0d3c61; }"));
    return banner;
}

QWidget *SettingsDialog::buildAppwritePage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *form = newForm();
    m_form->addField(form, AppwritePage, ConfigKey::AppwriteEndpoint, tr("Endpoint"))
        ->setPlaceholderText(QStringLiteral("https://cloud.appwrite.io/v1"));
    m_form->addField(form, AppwritePage, ConfigKey::AppwriteProject, tr("Project ID"));
    QWidget *show = nullptr;
    QLineEdit *key = secretEditor(SecretKind::AppwriteApiKey, &show);
    m_form->addField(form, AppwritePage, ConfigKey::AppwriteApiKey, tr("API key"), {}, key, show);
    m_form->addField(form, AppwritePage, ConfigKey::AppwriteDatabaseId, tr("Database ID"));
    m_form->addField(form, AppwritePage, ConfigKey::LearnersCollection, tr("Learners collection"));
    m_form->addField(form, AppwritePage, ConfigKey::EventsCollection, tr("Events collection"));
    m_form->addField(form, AppwritePage, ConfigKey::RunsCollection, tr("Runs collection"));
    m_form->addField(form, AppwritePage, ConfigKey::AppwriteApiFamily, tr("API"))
        ->setPlaceholderText(tr("auto, tablesdb or documents"));
    layout->addLayout(form);

    // The attribute mapping matters only for older deployments: folded away unless it is in use.
    m_attributesToggle = new QToolButton;
    m_attributesToggle->setObjectName(QStringLiteral("attributesToggle"));
    m_attributesToggle->setText(tr("Attribute names (older deployments)"));
    m_attributesToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_attributesToggle->setCheckable(true);
    m_attributesToggle->setAutoRaise(true);
    m_attributesToggle->setArrowType(Qt::RightArrow);
    m_attributesBox = new QWidget;
    auto *boxLayout = new QVBoxLayout(m_attributesBox);
    boxLayout->setContentsMargins(20, 0, 0, 0);
    boxLayout->addWidget(hint(tr("The attribute names of the learners collection, for deployments that use "
                                 "others (e.g. enrollment_status, completion_date).")));
    auto *attributes = newForm();
    bool mapped = false;
    for (ConfigKey k : {ConfigKey::AttributeStatus, ConfigKey::AttributeEmail, ConfigKey::AttributeName,
                        ConfigKey::AttributeCourseId, ConfigKey::AttributeCompletionData,
                        ConfigKey::AttributeCompletedAt, ConfigKey::AttributeLastCompletionCheck}) {
        const QString name = configKeySpec(k).defaultValue.toString();
        m_form->addField(attributes, AppwritePage, k, name, {}, nullptr, nullptr,
                         tr("the attribute for “%1”").arg(name));
        mapped = mapped || m_current.value(k).toString() != name;
    }
    boxLayout->addLayout(attributes);
    m_attributesBox->setVisible(false);
    connect(m_attributesToggle, &QToolButton::toggled, this, [this](bool open) {
        m_attributesBox->setVisible(open);
        m_attributesToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    m_attributesToggle->setChecked(mapped);
    layout->addWidget(m_attributesToggle);
    layout->addWidget(m_attributesBox);
    layout->addStretch(1);
    return page;
}

QWidget *SettingsDialog::buildGraphyPage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *form = newForm();
    m_form->addField(form, GraphyPage, ConfigKey::GraphyApiBase, tr("Base URL"))
        ->setPlaceholderText(QStringLiteral("https://api.ongraphy.com"));
    m_form->addField(form, GraphyPage, ConfigKey::GraphyMerchantId, tr("Merchant ID"));
    QWidget *show = nullptr;
    QLineEdit *key = secretEditor(SecretKind::GraphyApiKey, &show);
    m_form->addField(form, GraphyPage, ConfigKey::GraphyApiKey, tr("API key"), {}, key, show);
    layout->addLayout(form);
    layout->addStretch(1);
    return page;
}

QWidget *SettingsDialog::buildSchedulePage()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *form = newForm();
    m_form->addField(form, SchedulePage, ConfigKey::Schedule, tr("Schedule"));
    m_scheduleDescription = new QLabel;
    m_scheduleDescription->setObjectName(QStringLiteral("scheduleDescription"));
    m_scheduleDescription->setWordWrap(true);
    m_form->addNote(ConfigKey::Schedule, m_scheduleDescription);
    m_form->addNote(ConfigKey::Schedule, hint(tr("A cron expression (*/15 * * * *, @hourly) or an interval "
                                                 "(every 10m, every 2h, every 1d).")));
    m_form->addField(form, SchedulePage, ConfigKey::BatchSize, tr("Batch size"),
                     tr("learners per Appwrite page (1–100)"));
    m_form->addField(form, SchedulePage, ConfigKey::Concurrency, tr("Concurrency"),
                     tr("learners checked at the same time (1–32)"));
    m_form->addField(form, SchedulePage, ConfigKey::GraphyRateLimit, tr("Graphy rate limit"),
                     tr("requests per second, or auto to find Graphy's pace"));
    m_form->addField(form, SchedulePage, ConfigKey::RunDeadlineSeconds, tr("Run deadline"),
                     tr("seconds; then the run takes no new learners"));
    layout->addLayout(form);
    layout->addStretch(1);
    return page;
}

QWidget *SettingsDialog::buildConnectionTest(CheckerController *controller)
{
    m_connectionTest = new ConnectionTestView(
        controller, [this] { return EngineConfiguration::engineSettings(editedConfig()); });
    m_connectionTest->setVisible(controller != nullptr);
    return m_connectionTest;
}

QLineEdit *SettingsDialog::secretEditor(SecretKind kind, QWidget **showButton)
{
    auto *edit = new QLineEdit;
    edit->setEchoMode(QLineEdit::Password);
    auto *show = new QToolButton;
    show->setObjectName(KeychainSecretStore::keyName(kind) + QStringLiteral("/show"));
    show->setText(tr("Show"));
    show->setCheckable(true);
    connect(show, &QToolButton::toggled, edit, [edit, show](bool shown) {
        edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        show->setText(shown ? tr("Hide") : tr("Show"));
    });
    connect(edit, &QLineEdit::textEdited, this, [this, kind] {
        m_secretTyped[kind] = true;
        updateButtons();
    });
    m_secretEdits.insert(kind, edit);
    *showButton = show;
    return edit;
}

void SettingsDialog::onValidated()
{
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (int page = 0; page < PageCount; ++page) {
        const int n = m_form->errorCount(page);
        m_tabs->setTabIcon(page, n ? warning : QIcon());
        m_tabs->setTabToolTip(
            page,
            n ? (n == 1 ? tr("1 problem on this page") : tr("%1 problems on this page").arg(n)) : QString());
    }
    if (m_form->hasErrorIn({ConfigKey::AttributeStatus, ConfigKey::AttributeEmail, ConfigKey::AttributeName,
                            ConfigKey::AttributeCourseId, ConfigKey::AttributeCompletionData,
                            ConfigKey::AttributeCompletedAt, ConfigKey::AttributeLastCompletionCheck}))
        m_attributesToggle->setChecked(true); // a problem is never hidden in the folded group
    m_scheduleDescription->setText(m_form->scheduleDescription());
    const QStringList other = m_form->otherErrors();
    m_otherErrors->setText(other.isEmpty() ? QString()
                                           : tr("Settings not shown here have problems; fix them in the "
                                                "environment or the settings file:\n%1")
                                                 .arg(other.join(QLatin1Char('\n'))));
    m_otherErrors->setVisible(!other.isEmpty());
    updateButtons();
}

void SettingsDialog::updateButtons()
{
    const bool blocked = secretsBlocked();
    // Only invalid fields (or keys being written) hold the buttons back, and they say which; a
    // missing keychain holds back only the keys typed here (see apply()).
    // A problem not shown yet (a field never typed in) does not grey the buttons: pressing them
    // shows it (apply()).
    const bool ready = (isValid() || !m_form->hasVisibleErrors()) && m_pendingWrites == 0;
    QString why;
    if (m_pendingWrites > 0)
        why = tr("Saving the keys…");
    else if (!ready)
        why = tr("Fix the marked fields first: %1").arg(fieldErrorSummary());
    for (QDialogButtonBox::StandardButton b : {QDialogButtonBox::Ok, QDialogButtonBox::Apply}) {
        m_buttons->button(b)->setEnabled(ready);
        m_buttons->button(b)->setToolTip(why);
    }
    QString text =
        tr("No system keychain (Secret Service) is available: API keys can be kept for this session only.");
    if (blocked)
        text += tr("\nTick the box to use the keys entered here until the app quits, or set APPWRITE_API_KEY "
                   "and GRAPHY_API_KEY in the environment.");
    m_bannerText->setText(text);
    m_connectionTest->setInputValid(!m_form->hasErrorIn(kServiceKeys));
}

void SettingsDialog::onKeychainAvailability(bool available, const QString &reason)
{
    m_banner->setVisible(!available);
    m_banner->setToolTip(reason);
    updateButtons();
}

void SettingsDialog::onSecretRead(SecretKind kind, const QString &value, const QString &error)
{
    if (!error.isEmpty())
        return; // the availability probe explains it in the banner
    m_storedSecrets.insert(kind, value);
    QLineEdit *edit = m_secretEdits.value(kind);
    // A key from the environment or typed meanwhile wins over the stored one.
    if (!value.isEmpty() && edit->text().isEmpty() && !m_secretTyped.value(kind))
        edit->setText(value);
    updateButtons();
}

QList<SecretKind> SettingsDialog::secretsToStore() const
{
    QList<SecretKind> kinds;
    if (m_scope == Scope::DemoSession)
        return kinds; // the demo's keys live in its session only
    for (SecretKind kind : {SecretKind::AppwriteApiKey, SecretKind::GraphyApiKey}) {
        const QString value = m_secretEdits.value(kind)->text().trimmed();
        if (m_storedSecrets.contains(kind) && m_storedSecrets.value(kind) == value)
            continue;
        // A key not typed here came from somewhere that keeps providing it (the keychain, this
        // session, the environment): nothing to store, and nothing to block the other settings.
        if (!m_secretTyped.value(kind))
            continue;
        if (value.isEmpty())
            continue;
        kinds.append(kind);
    }
    return kinds;
}

bool SettingsDialog::secretsBlocked() const
{
    return m_secrets->knownAvailability() == false && !m_sessionOnly->isChecked() &&
           !secretsToStore().isEmpty();
}

void SettingsDialog::accept()
{
    m_closeAfterApply = true;
    apply();
}

void SettingsDialog::apply()
{
    m_form->validate();
    if (!isValid() || m_pendingWrites > 0) {
        m_closeAfterApply = false;
        m_form->revealAllErrors(); // say what holds it back, field by field
        return;
    }
    if (secretsBlocked())
        return applyWithoutTypedKeys();
    QString autostartError;
    if (m_scope == Scope::Saved && !m_desktopPage->applyAutostart(&autostartError)) {
        m_closeAfterApply = false;
        m_applyStatus->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_applyStatus->setText(
            tr("Nothing was applied: the login start could not be changed (%1).").arg(autostartError));
        m_applyStatus->show();
        return;
    }
    if (!m_banner->isHidden() && m_sessionOnly->isChecked() != KeychainSecretStore::isSessionOnly())
        KeychainSecretStore::setSessionOnly(m_sessionOnly->isChecked());
    m_writeErrors.clear();
    const QList<SecretKind> kinds = secretsToStore();
    if (kinds.isEmpty())
        return finishApply();
    m_pendingWrites = int(kinds.size());
    m_applyStatus->setStyleSheet(QString());
    m_applyStatus->setText(KeychainSecretStore::isSessionOnly()
                               ? tr("Keeping the keys for this session…")
                               : tr("Saving the keys in the system keychain…"));
    m_applyStatus->show();
    updateButtons();
    for (SecretKind kind : kinds)
        m_secrets->write(kind, m_secretEdits.value(kind)->text().trimmed());
}

void SettingsDialog::onSecretWritten(SecretKind kind, bool ok, const QString &error)
{
    if (m_pendingWrites == 0)
        return;
    if (ok)
        m_storedSecrets.insert(kind, m_secretEdits.value(kind)->text().trimmed());
    else
        m_writeErrors.append(error);
    if (--m_pendingWrites == 0)
        finishApply();
}

void SettingsDialog::finishApply()
{
    updateButtons();
    if (!m_writeErrors.isEmpty()) {
        m_closeAfterApply = false;
        m_applyStatus->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_applyStatus->setText(tr("Nothing was applied. %1").arg(m_writeErrors.join(QLatin1Char(' '))));
        m_applyStatus->show();
        return;
    }
    m_applyStatus->setStyleSheet(QString());
    m_applyStatus->setText(m_scope == Scope::DemoSession ? tr("Applied to the demo (not saved).")
                           : KeychainSecretStore::isSessionOnly()
                               ? tr("Applied. The API keys are kept for this session only.")
                               : tr("Applied."));
    m_applyStatus->show();
    // The receiver may restart the checker and, with it, delete this dialog.
    const QPointer<SettingsDialog> alive(this);
    emit configApplied(editedConfig());
    if (alive && m_closeAfterApply)
        QDialog::accept();
}

void SettingsDialog::applyWithoutTypedKeys()
{
    // Everything else is saved; the keys typed here have nowhere to go until the operator picks
    // this session (or sets them in the environment). The checker keeps the keys it had.
    AppConfig config = editedConfig();
    QStringList names;
    for (SecretKind kind : secretsToStore()) {
        const ConfigKey key = KeychainSecretStore::configKey(kind);
        config.setValue(key, m_current.value(key));
        names << (kind == SecretKind::AppwriteApiKey ? tr("Appwrite API key") : tr("Graphy API key"));
    }
    m_closeAfterApply = false; // the banner's action is here
    m_applyStatus->hide();
    m_keysNotSaved->showMessage(InlineBanner::Tone::Warning,
                                tr("Saved, except the %1 you typed: no system keychain is available to keep "
                                   "it. Keep it for this session (until the app quits), or set it in the "
                                   "environment.")
                                    .arg(names.join(tr(" and "))),
                                tr("&Keep for this session"));
    const QPointer<SettingsDialog> alive(this);
    emit configApplied(config);
    if (alive)
        updateButtons();
}

void SettingsDialog::keepTypedKeysForThisSession()
{
    m_keysNotSaved->hide();
    m_sessionOnly->setChecked(true);
    apply();
}

QString SettingsDialog::fieldErrorSummary() const
{
    QStringList problems;
    const QHash<ConfigKey, QString> errors = m_form->errors();
    for (auto it = errors.cbegin(); it != errors.cend(); ++it)
        problems << it.value();
    problems.sort();
    if (problems.size() > 3)
        problems = problems.mid(0, 3) << tr("…");
    return problems.join(QStringLiteral("; "));
}

bool SettingsDialog::isTestingConnection() const
{
    return m_connectionTest->isTesting();
}

void SettingsDialog::testConnection()
{
    m_connectionTest->start();
}

} // namespace cc
