#include "RunSettingsPanel.h"

#include "fovea/ArchitectureRegistry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>

namespace fovea::app {
namespace {

/// A metric box's choice, unless the loaded config named a metric the box does not list (an
/// unchecked project file): then its value stays, for validation to name it instead of ''.
void keepUnlessUnknown(std::string& metric, const QComboBox* box)
{
    if (box->currentIndex() >= 0)
        metric = box->currentData().toString().toStdString();
}

} // namespace

RunSettingsPanel::RunSettingsPanel(QWidget* parent)
    : QWidget(parent)
    , m_form(new QFormLayout(this))
    , m_dataset(new QLineEdit(this))
    , m_browse(new QPushButton(this))
    , m_architecture(new QComboBox(this))
    , m_architectureDetails(new QLabel(this))
    , m_inputSize(new QSpinBox(this))
    , m_epochs(new QSpinBox(this))
    , m_batchSize(new QSpinBox(this))
    , m_learningRate(new QDoubleSpinBox(this))
    , m_threads(new QSpinBox(this))
    , m_optimizer(new QComboBox(this))
    , m_momentum(new QDoubleSpinBox(this))
    , m_weightDecay(new QDoubleSpinBox(this))
    , m_schedule(new QComboBox(this))
    , m_warmup(new QDoubleSpinBox(this))
    , m_plateauMetric(new QComboBox(this))
    , m_labelSmoothing(new QDoubleSpinBox(this))
    , m_accumulate(new QSpinBox(this))
    , m_testTimeFlip(new QCheckBox(this))
    , m_validateEvery(new QSpinBox(this))
    , m_patience(new QSpinBox(this))
    , m_earlyStoppingMetric(new QComboBox(this))
    , m_checkpointEvery(new QSpinBox(this))
    , m_device(new QComboBox(this))
    , m_cpuBfloat16(new QCheckBox(this))
{
    auto* datasetRow = new QHBoxLayout;
    datasetRow->addWidget(m_dataset, 1);
    datasetRow->addWidget(m_browse);
    m_dataset->setObjectName(QStringLiteral("datasetEdit"));
    connect(m_browse, &QPushButton::clicked, this, &RunSettingsPanel::chooseDatasetFolder);

    for (const auto& info : fovea::architectures())
        m_architecture->addItem(QString::fromStdString(info.name));
    m_architecture->setObjectName(QStringLiteral("architectureBox"));
    m_architectureDetails->setWordWrap(true);
    m_architectureDetails->setTextFormat(Qt::PlainText);
    connect(m_architecture, &QComboBox::currentIndexChanged, this,
            &RunSettingsPanel::updateArchitectureDetails);

    m_inputSize->setRange(0, 1024);
    m_epochs->setRange(1, 10000);
    m_epochs->setObjectName(QStringLiteral("epochsBox"));
    m_batchSize->setRange(2, 4096);       // batch norm needs two pictures
    m_learningRate->setRange(1e-7, 10.0); // the range test sweeps 1e-7 … 10
    m_learningRate->setDecimals(7);
    m_learningRate->setSingleStep(0.005);
    m_threads->setRange(0, 1024);
    for (const std::string& name : fovea::TrainingConfig::optimizerNames())
        m_optimizer->addItem(QString::fromStdString(name));
    for (const std::string& name : fovea::TrainingConfig::scheduleNames())
        m_schedule->addItem(QString::fromStdString(name));
    for (const std::string& name : fovea::TrainingConfig::deviceNames())
        m_device->addItem(QString::fromStdString(name));
    // Items carry the config's metric name; their text is set (translated) in retranslateUi().
    for (QComboBox* box : {m_plateauMetric, m_earlyStoppingMetric})
        for (const std::string& name : fovea::TrainingConfig::monitorMetricNames())
            box->addItem(QString(), QString::fromStdString(name));
    m_plateauMetric->setObjectName(QStringLiteral("plateauMetricBox"));
    m_earlyStoppingMetric->setObjectName(QStringLiteral("earlyStoppingMetricBox"));
    m_cpuBfloat16->setObjectName(QStringLiteral("cpuBfloat16Box"));
    m_testTimeFlip->setObjectName(QStringLiteral("testTimeFlipBox"));
    m_validateEvery->setObjectName(QStringLiteral("validateEveryBox"));
    m_validateEvery->setRange(1, 100000);
    m_momentum->setRange(0.0, 0.999);
    m_momentum->setSingleStep(0.05);
    m_weightDecay->setRange(0.0, 1.0);
    m_weightDecay->setDecimals(5);
    m_weightDecay->setSingleStep(0.0001);
    m_warmup->setRange(0.0, 1000.0);
    m_warmup->setSingleStep(0.5);
    m_labelSmoothing->setRange(0.0, 0.99);
    m_labelSmoothing->setSingleStep(0.05);
    m_accumulate->setRange(1, 1024);
    m_patience->setRange(0, 10000);
    m_checkpointEvery->setRange(0, 10000);

    // Labels are set in retranslateUi(), so they follow a language switch.
    m_form->addRow(new QLabel(this), datasetRow);
    m_form->addRow(new QLabel(this), m_architecture);
    m_form->addRow(m_architectureDetails);
    for (QWidget* field : fields())
        m_form->addRow(new QLabel(this), field);
    // Every edit is announced: the learning-rate preview redraws, the title marks the project.
    connect(m_dataset, &QLineEdit::textEdited, this, &RunSettingsPanel::configEdited);
    for (QComboBox* box : {m_architecture, m_optimizer, m_schedule, m_plateauMetric,
                           m_earlyStoppingMetric, m_device})
        connect(box, &QComboBox::currentIndexChanged, this, &RunSettingsPanel::configEdited);
    connect(m_schedule, &QComboBox::currentIndexChanged, this,
            &RunSettingsPanel::updateDependentFields);
    for (QCheckBox* box : {m_testTimeFlip, m_cpuBfloat16})
        connect(box, &QCheckBox::toggled, this, &RunSettingsPanel::configEdited);
    for (QSpinBox* box : {m_inputSize, m_epochs, m_batchSize, m_threads, m_accumulate,
                          m_validateEvery, m_patience, m_checkpointEvery})
        connect(box, &QSpinBox::valueChanged, this, &RunSettingsPanel::configEdited);
    for (QDoubleSpinBox* box :
         {m_learningRate, m_momentum, m_weightDecay, m_warmup, m_labelSmoothing})
        connect(box, &QDoubleSpinBox::valueChanged, this, &RunSettingsPanel::configEdited);

    setConfig(fovea::TrainingConfig{});
    retranslateUi();
}

fovea::TrainingConfig RunSettingsPanel::config() const
{
    fovea::TrainingConfig config = m_base;
    config.dataset = m_dataset->text().trimmed().toStdString();
    config.architecture = m_architecture->currentText().toStdString();
    config.inputSize = m_inputSize->value();
    config.epochs = m_epochs->value();
    config.batchSize = m_batchSize->value();
    config.learningRate = m_learningRate->value();
    config.threads = m_threads->value();
    config.cpuBfloat16 = m_cpuBfloat16->isChecked();
    config.optimizer = m_optimizer->currentText().toStdString();
    config.momentum = m_momentum->value();
    config.weightDecay = m_weightDecay->value();
    config.schedule = m_schedule->currentText().toStdString();
    config.warmupEpochs = m_warmup->value();
    keepUnlessUnknown(config.plateauMetric, m_plateauMetric);
    config.labelSmoothing = m_labelSmoothing->value();
    config.accumulateSteps = m_accumulate->value();
    config.testTimeFlip = m_testTimeFlip->isChecked();
    config.validateEveryEpochs = m_validateEvery->value();
    config.earlyStoppingPatience = m_patience->value();
    keepUnlessUnknown(config.earlyStoppingMetric, m_earlyStoppingMetric);
    config.checkpointEveryEpochs = m_checkpointEvery->value();
    config.device = m_device->currentText().toStdString();
    return config;
}

void RunSettingsPanel::setConfig(const fovea::TrainingConfig& config)
{
    m_base = config;
    m_dataset->setText(QString::fromStdString(config.dataset));
    const int index = m_architecture->findText(QString::fromStdString(config.architecture));
    if (index >= 0)
        m_architecture->setCurrentIndex(index);
    m_inputSize->setValue(config.inputSize);
    m_epochs->setValue(config.epochs);
    m_batchSize->setValue(config.batchSize);
    m_learningRate->setValue(config.learningRate);
    m_threads->setValue(config.threads);
    m_optimizer->setCurrentText(QString::fromStdString(config.optimizer));
    m_momentum->setValue(config.momentum);
    m_weightDecay->setValue(config.weightDecay);
    m_schedule->setCurrentText(QString::fromStdString(config.schedule));
    m_warmup->setValue(config.warmupEpochs);
    m_plateauMetric->setCurrentIndex(
        m_plateauMetric->findData(QString::fromStdString(config.plateauMetric)));
    m_labelSmoothing->setValue(config.labelSmoothing);
    m_accumulate->setValue(config.accumulateSteps);
    m_testTimeFlip->setChecked(config.testTimeFlip);
    m_validateEvery->setValue(config.validateEveryEpochs);
    m_patience->setValue(config.earlyStoppingPatience);
    m_earlyStoppingMetric->setCurrentIndex(
        m_earlyStoppingMetric->findData(QString::fromStdString(config.earlyStoppingMetric)));
    m_checkpointEvery->setValue(config.checkpointEveryEpochs);
    m_device->setCurrentText(QString::fromStdString(config.device));
    m_cpuBfloat16->setChecked(config.cpuBfloat16);
    updateArchitectureDetails();
    updateDependentFields();
}

void RunSettingsPanel::setEditable(bool editable)
{
    for (QWidget* field : std::initializer_list<QWidget*>{m_dataset, m_browse, m_architecture})
        field->setEnabled(editable);
    for (QWidget* field : fields())
        field->setEnabled(editable);
    m_editable = editable;
    updateDependentFields();
}

void RunSettingsPanel::updateDependentFields()
{
    // Only the plateau schedule reads its metric; the box stays visible (the value is saved with
    // the project) but greyed out otherwise. The early-stopping metric also picks the best
    // checkpoint, so it always matters.
    m_plateauMetric->setEnabled(m_editable && m_schedule->currentText() == "plateau");
}

std::vector<QWidget*> RunSettingsPanel::fields() const
{
    return {m_inputSize,
            m_epochs,
            m_batchSize,
            m_learningRate,
            m_threads,
            m_optimizer,
            m_momentum,
            m_weightDecay,
            m_schedule,
            m_warmup,
            m_plateauMetric,
            m_labelSmoothing,
            m_accumulate,
            m_testTimeFlip,
            m_validateEvery,
            m_patience,
            m_earlyStoppingMetric,
            m_checkpointEvery,
            m_device,
            m_cpuBfloat16};
}

void RunSettingsPanel::chooseDatasetFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Choose a dataset folder (IDX files, one folder per class, or train/ and val/)"),
        m_dataset->text());
    if (!folder.isEmpty()) {
        m_dataset->setText(folder);
        Q_EMIT configEdited(); // as typing it would (setText is not an edit)
    }
}

void RunSettingsPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void RunSettingsPanel::updateArchitectureDetails()
{
    const QString name = m_architecture->currentText();
    if (name.isEmpty())
        return;
    const auto& info = fovea::architecture(name.toStdString());
    const QLocale locale;
    m_architectureDetails->setText(
        tr("%1 · %2 parameters at 1000 classes · %3 px default input")
            .arg(QString::fromStdString(info.family),
                 locale.toString(static_cast<qlonglong>(info.parameterCount)))
            .arg(info.defaultInputSize));
    m_architecture->setToolTip(QString::fromStdString(info.summary));
}

void RunSettingsPanel::retranslateUi()
{
    auto label = [this](QWidget* field) {
        return qobject_cast<QLabel*>(m_form->labelForField(field));
    };
    qobject_cast<QLabel*>(m_form->itemAt(0, QFormLayout::LabelRole)->widget())
        ->setText(tr("Dataset:"));
    m_browse->setText(tr("Browse…"));
    m_dataset->setPlaceholderText(tr("Folder with IDX files (MNIST, Fashion-MNIST)"));
    label(m_architecture)->setText(tr("Architecture:"));
    label(m_inputSize)->setText(tr("Input size:"));
    label(m_epochs)->setText(tr("Epochs:"));
    label(m_batchSize)->setText(tr("Batch size:"));
    label(m_learningRate)->setText(tr("Learning rate:"));
    label(m_threads)->setText(tr("Threads:"));
    label(m_optimizer)->setText(tr("Optimiser:"));
    label(m_momentum)->setText(tr("Momentum:"));
    label(m_weightDecay)->setText(tr("Weight decay:"));
    label(m_schedule)->setText(tr("Schedule:"));
    label(m_warmup)->setText(tr("Warm-up epochs:"));
    label(m_labelSmoothing)->setText(tr("Label smoothing:"));
    label(m_accumulate)->setText(tr("Accumulate batches:"));
    label(m_testTimeFlip)->setText(tr("Validation:"));
    m_testTimeFlip->setText(tr("also on mirror images (test-time flip)"));
    label(m_validateEvery)->setText(tr("Validate:"));
    m_validateEvery->setSpecialValueText(tr("every epoch"));
    m_validateEvery->setPrefix(tr("every "));
    m_validateEvery->setSuffix(tr(" epochs and after the last"));
    label(m_plateauMetric)->setText(tr("Plateau watches:"));
    label(m_patience)->setText(tr("Early stopping after:"));
    label(m_earlyStoppingMetric)->setText(tr("Monitored metric:"));
    m_earlyStoppingMetric->setToolTip(
        tr("The metric that decides the best checkpoint and when early stopping stops"));
    const QHash<QString, QString> metricTexts{
        {QStringLiteral("val_loss"), tr("validation loss")},
        {QStringLiteral("val_accuracy"), tr("validation accuracy")},
        {QStringLiteral("train_loss"), tr("training loss")},
        {QStringLiteral("train_accuracy"), tr("training accuracy")}};
    for (QComboBox* box : {m_plateauMetric, m_earlyStoppingMetric})
        for (int i = 0; i < box->count(); ++i) {
            const QString key = box->itemData(i).toString();
            box->setItemText(i, metricTexts.value(key, key)); // a new metric shows its key
        }
    label(m_checkpointEvery)->setText(tr("Checkpoint every:"));
    label(m_device)->setText(tr("Device:"));
    label(m_cpuBfloat16)->setText(tr("CPU precision:"));
    m_cpuBfloat16->setText(tr("bfloat16 (about 2× faster on CPUs with AMX)"));
    m_patience->setSpecialValueText(tr("never"));
    m_patience->setSuffix(tr(" epochs without progress"));
    m_checkpointEvery->setSpecialValueText(tr("last and best only"));
    m_checkpointEvery->setSuffix(tr(" epochs"));
    m_inputSize->setSpecialValueText(tr("dataset size"));
    m_inputSize->setSuffix(tr(" px"));
    m_threads->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
    updateArchitectureDetails();
}

} // namespace fovea::app
