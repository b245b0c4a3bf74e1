#include "fovea_widgets/AugmentationEditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace fovea::widgets {
namespace {

constexpr int kTileSide = 112;

} // namespace

AugmentationEditor::AugmentationEditor(QWidget* parent)
    : QWidget(parent)
    , m_presetBox(new QComboBox(this))
    , m_addButton(new QPushButton(this))
    , m_removeButton(new QPushButton(this))
    , m_upButton(new QPushButton(this))
    , m_downButton(new QPushButton(this))
    , m_stepList(new QListWidget(this))
    , m_stepSummary(new QLabel(this))
    , m_form(new QWidget(this))
    , m_formLayout(new QFormLayout(m_form))
    , m_openPicture(new QPushButton(this))
    , m_picture(new QLabel(this))
    , m_reseed(new QPushButton(this))
    , m_networkInput(new QCheckBox(this))
    , m_count(new QSpinBox(this))
    , m_previewMessage(new QLabel(this))
    , m_grid(new QWidget(this))
    , m_gridLayout(new QGridLayout(m_grid))
{
    m_stepSummary->setWordWrap(true);
    m_previewMessage->setWordWrap(true);
    m_picture->setWordWrap(true);
    m_count->setRange(1, 64);
    m_count->setValue(16);
    m_addButton->setMenu(new QMenu(m_addButton));

    auto* stepButtons = new QHBoxLayout;
    stepButtons->addWidget(m_addButton);
    stepButtons->addWidget(m_removeButton);
    stepButtons->addWidget(m_upButton);
    stepButtons->addWidget(m_downButton);
    auto* left = new QVBoxLayout;
    left->addWidget(m_presetBox);
    left->addWidget(m_stepList, 1);
    left->addLayout(stepButtons);
    left->addWidget(m_stepSummary);
    left->addWidget(m_form);
    auto* leftBox = new QWidget(this);
    leftBox->setLayout(left);
    leftBox->setFixedWidth(360);

    auto* previewControls = new QHBoxLayout;
    previewControls->addWidget(m_openPicture);
    previewControls->addWidget(m_picture, 1);
    previewControls->addWidget(m_count);
    previewControls->addWidget(m_reseed);
    previewControls->addWidget(m_networkInput);
    auto* right = new QVBoxLayout;
    right->addLayout(previewControls);
    right->addWidget(m_previewMessage);
    // Up to 64 draws of 112 px: they scroll rather than push the window past the screen.
    auto* gridScroll = new QScrollArea(this);
    gridScroll->setWidget(m_grid);
    gridScroll->setWidgetResizable(true);
    gridScroll->setFrameShape(QFrame::NoFrame);
    right->addWidget(gridScroll, 1);

    auto* layout = new QHBoxLayout(this);
    layout->addWidget(leftBox);
    layout->addLayout(right, 1);

    connect(m_stepList, &QListWidget::currentRowChanged, this,
            &AugmentationEditor::buildParameterForm);
    connect(m_removeButton, &QPushButton::clicked, this, &AugmentationEditor::removeSelectedStep);
    connect(m_upButton, &QPushButton::clicked, this, [this] { moveSelectedStep(-1); });
    connect(m_downButton, &QPushButton::clicked, this, [this] { moveSelectedStep(+1); });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index > 0) // item 0 is the prompt
            Q_EMIT presetChosen(m_presetBox->itemText(index));
    });
    connect(m_reseed, &QPushButton::clicked, this, &AugmentationEditor::reseedRequested);
    connect(m_networkInput, &QCheckBox::toggled, this, &AugmentationEditor::networkInputToggled);
    connect(m_count, &QSpinBox::valueChanged, this, &AugmentationEditor::previewCountChanged);
    connect(m_count, &QSpinBox::valueChanged, this, &AugmentationEditor::nameTheCount);
    connect(m_openPicture, &QPushButton::clicked, this, &AugmentationEditor::openPictureRequested);
    retranslate();
}

void AugmentationEditor::setKinds(const QList<AugmentationKindInfo>& kinds)
{
    m_kinds = kinds;
    QMenu* menu = m_addButton->menu();
    menu->clear();
    for (const AugmentationKindInfo& kind : kinds) {
        QAction* action =
            menu->addAction(kind.name, this, [this, name = kind.name] { addStep(name); });
        action->setToolTip(kind.summary);
    }
}

void AugmentationEditor::setPresets(const QStringList& names)
{
    m_presetBox->clear();
    m_presetBox->addItem(QString()); // the prompt, named by retranslate()
    m_presetBox->addItems(names);
    retranslate();
}

void AugmentationEditor::setSteps(const QList<AugmentationStepData>& steps)
{
    m_steps = steps;
    refreshList();
    emitChanged();
}

const AugmentationKindInfo* AugmentationEditor::kindInfo(const QString& name) const
{
    for (const AugmentationKindInfo& kind : m_kinds)
        if (kind.name == name)
            return &kind;
    return nullptr;
}

void AugmentationEditor::addStep(const QString& kind)
{
    const AugmentationKindInfo* info = kindInfo(kind);
    if (!info)
        return;
    AugmentationStepData step;
    step.kind = kind;
    step.probability = info->defaultProbability;
    for (const AugmentationParameterInfo& parameter : info->parameters)
        step.parameters[parameter.name] = parameter.defaultValue;
    m_steps.push_back(step);
    refreshList();
    m_stepList->setCurrentRow(int(m_steps.size()) - 1);
    emitChanged();
}

void AugmentationEditor::removeSelectedStep()
{
    const int row = m_stepList->currentRow();
    if (row < 0 || row >= m_steps.size())
        return;
    m_steps.removeAt(row);
    refreshList();
    m_stepList->setCurrentRow(std::min(row, int(m_steps.size()) - 1));
    emitChanged();
}

void AugmentationEditor::moveSelectedStep(int offset)
{
    const int row = m_stepList->currentRow();
    const int target = row + offset;
    if (row < 0 || target < 0 || target >= m_steps.size())
        return;
    m_steps.swapItemsAt(row, target);
    refreshList();
    m_stepList->setCurrentRow(target);
    emitChanged();
}

void AugmentationEditor::refreshList()
{
    const QSignalBlocker quiet(m_stepList);
    const int row = m_stepList->currentRow();
    m_stepList->clear();
    for (int i = 0; i < m_steps.size(); ++i) {
        const AugmentationStepData& step = m_steps[i];
        const AugmentationKindInfo* info = kindInfo(step.kind);
        auto* item = new QListWidgetItem(
            tr("%1. %2 (p = %3)").arg(i + 1).arg(step.kind).arg(step.probability, 0, 'g', 3),
            m_stepList);
        if (info)
            item->setToolTip(info->summary);
    }
    m_stepList->setCurrentRow(std::min(row, int(m_steps.size()) - 1));
    buildParameterForm();
}

void AugmentationEditor::buildParameterForm()
{
    while (m_formLayout->rowCount() > 0)
        m_formLayout->removeRow(0);
    m_editors.clear();
    const int row = m_stepList->currentRow();
    if (row < 0 || row >= m_steps.size()) {
        m_stepSummary->clear();
        return;
    }
    const AugmentationStepData& step = m_steps[row];
    const AugmentationKindInfo* info = kindInfo(step.kind);
    m_stepSummary->setText(info ? info->summary : QString());

    auto* probability = new QDoubleSpinBox(m_form);
    probability->setRange(0.0, 1.0);
    probability->setSingleStep(0.05);
    probability->setDecimals(2);
    probability->setValue(step.probability);
    connect(probability, &QDoubleSpinBox::valueChanged, this, [this, row](double value) {
        m_steps[row].probability = value;
        m_stepList->item(row)->setText(
            tr("%1. %2 (p = %3)").arg(row + 1).arg(m_steps[row].kind).arg(value, 0, 'g', 3));
        emitChanged();
    });
    m_formLayout->addRow(tr("probability"), probability);
    m_editors.insert(QStringLiteral("probability"), probability);
    if (!info)
        return;
    for (const AugmentationParameterInfo& parameter : info->parameters) {
        const double value = step.parameters.value(parameter.name, parameter.defaultValue);
        QWidget* editor = nullptr;
        if (!parameter.choices.isEmpty()) {
            auto* box = new QComboBox(m_form);
            box->addItems(parameter.choices);
            box->setCurrentIndex(int(value));
            connect(box, &QComboBox::currentIndexChanged, this,
                    [this, row, name = parameter.name](int index) {
                        m_steps[row].parameters[name] = index;
                        emitChanged();
                    });
            editor = box;
        } else if (parameter.integer) {
            auto* box = new QSpinBox(m_form);
            box->setRange(int(parameter.minimum), int(parameter.maximum));
            box->setValue(int(value));
            connect(box, &QSpinBox::valueChanged, this, [this, row, name = parameter.name](int v) {
                m_steps[row].parameters[name] = v;
                emitChanged();
            });
            editor = box;
        } else {
            auto* box = new QDoubleSpinBox(m_form);
            box->setRange(parameter.minimum, parameter.maximum);
            box->setDecimals(3);
            box->setSingleStep((parameter.maximum - parameter.minimum) / 50.0);
            box->setValue(value);
            connect(box, &QDoubleSpinBox::valueChanged, this,
                    [this, row, name = parameter.name](double v) {
                        m_steps[row].parameters[name] = v;
                        emitChanged();
                    });
            editor = box;
        }
        editor->setToolTip(parameter.summary);
        m_formLayout->addRow(parameter.name, editor);
        m_editors.insert(parameter.name, editor);
    }
}

QWidget* AugmentationEditor::parameterEditor(const QString& name) const
{
    return m_editors.value(name, nullptr);
}

void AugmentationEditor::emitChanged()
{
    Q_EMIT stepsChanged(m_steps);
}

bool AugmentationEditor::showsNetworkInput() const
{
    return m_networkInput->isChecked();
}

int AugmentationEditor::previewCount() const
{
    return m_count->value();
}

void AugmentationEditor::showPreviews(const QList<QImage>& previews)
{
    m_previews = previews;
    m_previewMessage->hide();
    // Reuse the tiles: a refresh while a slider moves must not rebuild widgets.
    const int columns = 4;
    for (int i = 0; i < previews.size(); ++i) {
        auto* tile = qobject_cast<QLabel*>(
            m_gridLayout->itemAtPosition(i / columns, i % columns)
                ? m_gridLayout->itemAtPosition(i / columns, i % columns)->widget()
                : nullptr);
        if (!tile) {
            tile = new QLabel(m_grid);
            tile->setFixedSize(kTileSide, kTileSide);
            tile->setAlignment(Qt::AlignCenter);
            m_gridLayout->addWidget(tile, i / columns, i % columns);
        }
        tile->setPixmap(QPixmap::fromImage(previews[i].scaled(
            kTileSide, kTileSide, Qt::KeepAspectRatio,
            previews[i].width() < kTileSide ? Qt::FastTransformation : Qt::SmoothTransformation)));
        tile->show();
    }
    // Tiles beyond the count are hidden, not destroyed.
    for (int i = int(previews.size()); i < m_gridLayout->count(); ++i)
        if (QWidget* widget = m_gridLayout->itemAt(i)->widget(); widget && i >= previews.size())
            widget->hide();
}

void AugmentationEditor::nameTheCount()
{
    // "1 draw", "2 draws".
    m_count->setSuffix(m_count->value() == 1 ? tr(" draw") : tr(" draws"));
}

void AugmentationEditor::showPreviewError(const QString& message)
{
    m_previewMessage->setText(message);
    m_previewMessage->show();
}

void AugmentationEditor::setPictureDescription(const QString& text)
{
    m_pictureDescription = text;
    retranslate();
}

void AugmentationEditor::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void AugmentationEditor::retranslate()
{
    if (m_presetBox->count() > 0)
        m_presetBox->setItemText(0, tr("Start from a preset…"));
    m_addButton->setText(tr("Add"));
    m_removeButton->setText(tr("Remove"));
    m_upButton->setText(tr("Up"));
    m_downButton->setText(tr("Down"));
    m_openPicture->setText(tr("Picture…"));
    m_picture->setText(m_pictureDescription);
    m_reseed->setText(tr("Reseed"));
    m_networkInput->setText(tr("Network input"));
    m_networkInput->setToolTip(
        tr("Show exactly what the network receives: the normalised input turned back into "
           "colours"));
    nameTheCount();
}

} // namespace fovea::widgets
