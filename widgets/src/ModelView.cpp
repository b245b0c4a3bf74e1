#include "fovea_widgets/ModelView.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fovea::widgets {

namespace {
double mebibytes(qint64 bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}
} // namespace
namespace {

QString figure(double value, int decimals)
{
    return value > 0.0 ? QString::number(value, 'f', decimals) : QStringLiteral("–");
}

QTableWidgetItem* numberItem(qint64 value)
{
    auto* item = new QTableWidgetItem;
    item->setData(Qt::DisplayRole, value); // sorts as a number
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

ModelView::ModelView(QWidget* parent)
    : QWidget(parent)
    , m_filter(new QLineEdit(this))
    , m_table(new QTableWidget(this))
    , m_note(new QLabel(this))
    , m_head(new QComboBox(this))
    , m_dropout(new QDoubleSpinBox(this))
    , m_compactStem(new QCheckBox(this))
    , m_inputSize(new QSpinBox(this))
    , m_freeze(new QComboBox(this))
    , m_import(new QPushButton(this))
    , m_clearWeights(new QPushButton(this))
    , m_weightsInUse(new QLabel(this))
    , m_report(new QListWidget(this))
    , m_parameters(new QLabel(this))
    , m_stages(new QTableWidget(this))
{
    m_table->setColumnCount(7);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_note->setWordWrap(true);
    m_parameters->setWordWrap(true);
    m_dropout->setRange(0.0, 0.9);
    m_dropout->setSingleStep(0.1);
    m_inputSize->setRange(0, 1024);
    m_stages->setColumnCount(4);
    m_stages->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_stages->verticalHeader()->hide();
    m_stages->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    auto* left = new QVBoxLayout;
    left->addWidget(m_filter);
    left->addWidget(m_table, 1);
    m_form = new QFormLayout;
    m_form->addRow(m_note);
    m_form->addRow(tr("Head"), m_head); // renamed by retranslate() on a language change
    m_form->addRow(tr("Dropout"), m_dropout);
    m_form->addRow(tr("Input size"), m_inputSize);
    m_form->addRow(m_compactStem);
    m_form->addRow(tr("Freeze up to"), m_freeze);
    auto* right = new QVBoxLayout;
    right->addLayout(m_form);
    right->addWidget(m_parameters);
    right->addWidget(m_stages, 2);
    auto* weights = new QHBoxLayout;
    weights->addWidget(m_import);
    weights->addWidget(m_clearWeights);
    right->addLayout(weights);
    m_weightsInUse->setWordWrap(true);
    right->addWidget(m_weightsInUse);
    right->addWidget(m_report, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 3);
    layout->addLayout(right, 2);

    connect(m_filter, &QLineEdit::textChanged, this, &ModelView::applyFilter);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const QList<QTableWidgetItem*> selected = m_table->selectedItems();
        if (selected.isEmpty())
            return;
        const QString name = m_table->item(selected.front()->row(), 0)->text();
        for (const ArchitectureRow& row : m_rows)
            if (row.name == name)
                m_note->setText(QStringLiteral("<b>%1</b> — %2").arg(row.family, row.note));
        emitChoice();
    });
    connect(m_head, &QComboBox::currentIndexChanged, this, &ModelView::emitChoice);
    connect(m_dropout, &QDoubleSpinBox::valueChanged, this, &ModelView::emitChoice);
    connect(m_compactStem, &QCheckBox::toggled, this, &ModelView::emitChoice);
    connect(m_inputSize, &QSpinBox::valueChanged, this, &ModelView::emitChoice);
    connect(m_freeze, &QComboBox::currentIndexChanged, this, [this] {
        m_pendingFreeze.clear(); // the user's choice wins over a project's pending one
        emitChoice();
    });
    connect(m_import, &QPushButton::clicked, this, &ModelView::importWeightsRequested);
    connect(m_clearWeights, &QPushButton::clicked, this, &ModelView::clearWeightsRequested);
    m_clearWeights->setEnabled(false);
    retranslate();
}

void ModelView::setArchitectures(const QList<ArchitectureRow>& rows)
{
    m_rows = rows;
    const QSignalBlocker quiet(m_table);
    m_table->setSortingEnabled(false);
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const ArchitectureRow& row = rows[r];
        m_table->setItem(r, 0, new QTableWidgetItem(row.name));
        m_table->setItem(r, 1, new QTableWidgetItem(row.family));
        m_table->setItem(r, 2, numberItem(row.parameters));
        m_table->setItem(r, 3, numberItem(row.inputSize));
        m_table->setItem(r, 4, new QTableWidgetItem(row.preprocessing));
        m_table->setItem(r, 5, new QTableWidgetItem(figure(row.top1, 2)));
        m_table->setItem(r, 6,
                         new QTableWidgetItem(row.kerasTop1 > 0.0 ? QStringLiteral("%1 / %2").arg(
                                                                        figure(row.kerasTop1, 1),
                                                                        figure(row.kerasTop5, 1))
                                                                  : QStringLiteral("–")));
        m_table->item(r, 0)->setToolTip(row.note);
    }
    m_table->setSortingEnabled(true);
}

void ModelView::selectArchitecture(const QString& name)
{
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_table->item(r, 0)->text() == name) {
            m_table->selectRow(r);
            return;
        }
}

ModelChoice ModelView::choice() const
{
    ModelChoice choice;
    const QList<QTableWidgetItem*> selected = m_table->selectedItems();
    if (!selected.isEmpty())
        choice.architecture = m_table->item(selected.front()->row(), 0)->text();
    choice.head = std::max(0, m_head->currentIndex());
    choice.dropout = m_dropout->value();
    choice.compactStem = m_compactStem->isChecked();
    choice.inputSize = m_inputSize->value();
    choice.freezeUpTo = !m_pendingFreeze.isEmpty()     ? m_pendingFreeze
                        : m_freeze->currentIndex() > 0 ? m_freeze->currentText()
                                                       : QString();
    return choice;
}

void ModelView::setInputSize(int pixels)
{
    const QSignalBlocker quiet(m_inputSize);
    m_inputSize->setValue(pixels);
}

void ModelView::setChoice(const ModelChoice& choice)
{
    {
        const QSignalBlocker quietTable(m_table);
        const QSignalBlocker quietHead(m_head);
        const QSignalBlocker quietDropout(m_dropout);
        const QSignalBlocker quietStem(m_compactStem);
        const QSignalBlocker quietSize(m_inputSize);
        const QSignalBlocker quietFreeze(m_freeze);
        selectArchitecture(choice.architecture);
        m_head->setCurrentIndex(std::clamp(choice.head, 0, m_head->count() - 1));
        m_dropout->setValue(choice.dropout);
        m_compactStem->setChecked(choice.compactStem);
        m_inputSize->setValue(choice.inputSize);
        m_pendingFreeze = choice.freezeUpTo;
        const int index = m_freeze->findText(choice.freezeUpTo);
        if (choice.freezeUpTo.isEmpty() || index > 0) {
            m_freeze->setCurrentIndex(std::max(0, index));
            m_pendingFreeze.clear();
        }
        for (const ArchitectureRow& row : m_rows)
            if (row.name == choice.architecture)
                m_note->setText(QStringLiteral("<b>%1</b> — %2").arg(row.family, row.note));
    }
    emitChoice();
}

void ModelView::showDetails(const ModelDetails& details)
{
    m_error.clear();
    m_details = details;
    {
        // The freeze choices are this network's stages (the last one, its head, excluded).
        const QSignalBlocker quiet(m_freeze);
        const QString current = m_freeze->currentText();
        m_freeze->clear();
        m_freeze->addItem(QString());
        for (int i = 0; i + 1 < details.stages.size(); ++i)
            m_freeze->addItem(details.stages[i]);
        const int index = m_freeze->findText(m_pendingFreeze.isEmpty() ? current : m_pendingFreeze);
        m_freeze->setCurrentIndex(index > 0 ? index : 0);
        if (index > 0) // else these are an earlier network's stages: keep waiting
            m_pendingFreeze.clear();
    }
    m_stages->setRowCount(int(details.stages.size()));
    for (int i = 0; i < details.stages.size(); ++i) {
        m_stages->setItem(i, 0, new QTableWidgetItem(details.stages[i]));
        m_stages->setItem(i, 1, numberItem(details.stageParameters.value(i)));
        m_stages->setItem(i, 2, numberItem(details.stageTrainable.value(i)));
        m_stages->setItem(i, 3, new QTableWidgetItem(details.stageShapes.value(i)));
    }
    retranslate();
}

void ModelView::showImportReport(const QString& file, const QStringList& loaded,
                                 const QStringList& skipped, const QStringList& reinitialised)
{
    m_report->clear();
    m_report->addItem(tr("%1: %2 tensors loaded, %3 skipped, %4 started fresh")
                          .arg(file)
                          .arg(loaded.size())
                          .arg(skipped.size())
                          .arg(reinitialised.size()));
    for (const QString& key : reinitialised)
        m_report->addItem(tr("fresh: %1").arg(key));
    for (const QString& key : skipped)
        m_report->addItem(tr("skipped: %1").arg(key));
}

void ModelView::setWeightsInUse(const QString& file)
{
    m_weightsFile = file;
    m_clearWeights->setEnabled(!file.isEmpty());
    if (file.isEmpty())
        m_report->clear();
    retranslate();
}

void ModelView::showError(const QString& message)
{
    m_error = message;
    retranslate();
}

void ModelView::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const bool match = text.isEmpty() ||
                           m_table->item(r, 0)->text().contains(text, Qt::CaseInsensitive) ||
                           m_table->item(r, 1)->text().contains(text, Qt::CaseInsensitive);
        m_table->setRowHidden(r, !match);
    }
}

void ModelView::emitChoice()
{
    Q_EMIT choiceChanged(choice());
}

void ModelView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ModelView::retranslate()
{
    m_filter->setPlaceholderText(tr("Filter by name or family"));
    m_table->setHorizontalHeaderLabels({tr("Architecture"), tr("Family"), tr("Parameters"),
                                        tr("Input"), tr("Preprocessing"), tr("Top-1"),
                                        tr("Keras top-1 / 5")});
    {
        const QSignalBlocker quiet(m_head);
        const int head = std::max(0, m_head->currentIndex());
        m_head->clear();
        m_head->addItems({tr("its own"), tr("fully connected (VGG style)"),
                          tr("global average pooling"), tr("global max pooling")});
        m_head->setCurrentIndex(head);
    }
    m_compactStem->setText(tr("Compact stem for 28–64 px pictures"));
    const auto setLabel = [this](QWidget* field, const QString& text) {
        if (auto* label = qobject_cast<QLabel*>(m_form->labelForField(field)))
            label->setText(text);
    };
    setLabel(m_head, tr("Head"));
    setLabel(m_dropout, tr("Dropout"));
    setLabel(m_inputSize, tr("Input size"));
    m_inputSize->setSpecialValueText(tr("dataset size"));
    m_inputSize->setSuffix(tr(" px"));
    setLabel(m_freeze, tr("Freeze up to"));
    if (m_freeze->count() > 0)
        m_freeze->setItemText(0, tr("nothing frozen"));
    m_import->setText(tr("Import pretrained weights…"));
    m_clearWeights->setText(tr("Start from fresh weights"));
    m_weightsInUse->setText(m_weightsFile.isEmpty()
                                ? tr("Training starts from freshly initialised weights.")
                                : tr("Training starts from %1.").arg(m_weightsFile));
    m_stages->setHorizontalHeaderLabels(
        {tr("Stage"), tr("Parameters"), tr("Trainable"), tr("Output shape")});
    const QLocale locale;
    if (!m_error.isEmpty())
        m_parameters->setText(m_error);
    else if (m_details.parameters > 0 && m_details.activationBytesPerImage > 0 && m_batchSize > 0)
        m_parameters->setText(
            tr("%1 parameters, %2 trainable; training memory about %3 MiB at batch %4 and "
               "%5 px: weights, gradients and momentum %6 MiB, activations %7 MiB per image")
                .arg(locale.toString(m_details.parameters), locale.toString(m_details.trainable))
                .arg(mebibytes(trainingMemoryBytes()), 0, 'f', 0)
                .arg(m_batchSize)
                .arg(m_details.inputSize)
                .arg(mebibytes(m_details.trainingStateBytes), 0, 'f', 1)
                .arg(mebibytes(m_details.activationBytesPerImage), 0, 'f', 1));
    else if (m_details.parameters > 0)
        m_parameters->setText(
            tr("%1 parameters, %2 trainable; training state (weights, gradients, momentum) "
               "%3 MiB, activations not included")
                .arg(locale.toString(m_details.parameters), locale.toString(m_details.trainable))
                .arg(mebibytes(m_details.trainingStateBytes), 0, 'f', 1) +
            (m_details.measureProblem.isEmpty() ? QString()
                                                : QStringLiteral("\n") + m_details.measureProblem));
}

qint64 ModelView::trainingMemoryBytes() const
{
    return m_details.trainingStateBytes + m_details.activationBytesPerImage * m_batchSize;
}

void ModelView::setBatchSize(int batchSize)
{
    if (batchSize == m_batchSize)
        return;
    m_batchSize = batchSize;
    retranslate();
}

} // namespace fovea::widgets
