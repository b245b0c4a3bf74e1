#include "fovea_widgets/InspectionView.h"

#include "fovea_widgets/ConfusionMatrixView.h"

#include "fovea_widgets/ElidedLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace fovea::widgets {

namespace {

/// `text` with zero-width spaces where a long path or name may break: word wrap breaks at
/// spaces only, so an error naming a deep path, or a folder with a 200-character name, would
/// stay one line and widen the window.
QString breakable(const QString& text)
{
    constexpr int kLongestUnbroken = 40;
    QString out;
    int run = 0; // characters since the last place a line may break
    for (const QChar c : text) {
        out += c;
        run = c.isSpace() ? 0 : run + 1;
        if (c == QLatin1Char('/') || run >= kLongestUnbroken) {
            out += QChar(0x200B);
            run = 0;
        }
    }
    return out;
}

constexpr int kPairsShown = 8;
constexpr int kPairRoles = Qt::UserRole + 1;

} // namespace

InspectionView::InspectionView(QWidget* parent)
    : QWidget(parent)
    , m_modelLabel(new ElidedLabel(this))
    , m_modelButton(new QPushButton(this))
    , m_datasetLabel(new ElidedLabel(this))
    , m_datasetButton(new QPushButton(this))
    , m_evaluateButton(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_cancelButton(new QPushButton(this))
    , m_summary(new QLabel(this))
    , m_matrix(new ConfusionMatrixView(this))
    , m_normalised(new QCheckBox(this))
    , m_classTable(new QTableWidget(this))
    , m_pairs(new QListWidget(this))
    , m_misclassifiedOnly(new QCheckBox(this))
    , m_trueClass(new QComboBox(this))
    , m_predictedClass(new QComboBox(this))
    , m_minConfidence(new QDoubleSpinBox(this))
    , m_maxConfidence(new QDoubleSpinBox(this))
    , m_order(new QComboBox(this))
    , m_shownCount(new QLabel(this))
    , m_galleryView(new QListView(this))
    , m_gradCam(new QLabel(this))
    , m_gradCamCaption(new QLabel(this))
    , m_gradCamClass(new QComboBox(this))
    , m_gallery(new PredictionGalleryModel(this))
    , m_filter(new PredictionFilter(this))
{
    m_filter->setSourceModel(m_gallery);
    m_galleryView->setModel(m_filter);
    m_galleryView->setViewMode(QListView::IconMode);
    m_galleryView->setIconSize(QSize(64, 64));
    m_galleryView->setGridSize(QSize(116, 128)); // two caption lines under the thumbnail
    m_galleryView->setResizeMode(QListView::Adjust);
    m_galleryView->setMovement(QListView::Static);
    m_galleryView->setUniformItemSizes(true);
    m_galleryView->setWordWrap(true);
    m_galleryView->setLayoutMode(QListView::Batched); // large sets lay out in steps
    m_progress->hide();
    m_cancelButton->hide();
    QFont big = m_summary->font();
    big.setBold(true);
    m_summary->setFont(big);
    // An error names files in full: it wraps instead of widening the window.
    m_summary->setWordWrap(true);
    for (QDoubleSpinBox* box : {m_minConfidence, m_maxConfidence}) {
        box->setRange(0.0, 1.0);
        box->setSingleStep(0.05);
        box->setDecimals(2);
    }
    m_maxConfidence->setValue(1.0);
    m_classTable->setColumnCount(5);
    m_classTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_classTable->verticalHeader()->hide();
    // The figures' columns as wide as their headers and numbers; the class names take the rest.
    m_classTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_classTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);

    auto* top = new QHBoxLayout;
    top->addWidget(m_modelLabel, 1);
    top->addWidget(m_modelButton);
    top->addWidget(m_datasetLabel, 1);
    top->addWidget(m_datasetButton);
    top->addWidget(m_evaluateButton);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(m_summary, 1);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancelButton);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_matrix, 3);
    leftLayout->addWidget(m_normalised);
    leftLayout->addWidget(m_classTable, 2);
    leftLayout->addWidget(m_pairs, 1);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_misclassifiedOnly);
    filters->addWidget(m_trueClass);
    filters->addWidget(m_predictedClass);
    filters->addWidget(m_minConfidence);
    filters->addWidget(m_maxConfidence);
    filters->addWidget(m_order);
    filters->addWidget(m_shownCount, 1);
    m_gradCam->setFixedSize(224, 224);
    m_gradCam->setAlignment(Qt::AlignCenter);
    m_gradCamCaption->setWordWrap(true);
    m_gradCamCaption->setFixedWidth(224);
    auto* camColumn = new QVBoxLayout;
    camColumn->addWidget(m_gradCamClass);
    camColumn->addWidget(m_gradCam);
    camColumn->addWidget(m_gradCamCaption);
    camColumn->addStretch(1);
    auto* galleryRow = new QHBoxLayout;
    galleryRow->addWidget(m_galleryView, 1);
    galleryRow->addLayout(camColumn);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(filters);
    rightLayout->addLayout(galleryRow, 1);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(progressRow);
    layout->addWidget(splitter, 1);

    connect(m_modelButton, &QPushButton::clicked, this, &InspectionView::chooseModelRequested);
    connect(m_datasetButton, &QPushButton::clicked, this, &InspectionView::chooseDatasetRequested);
    connect(m_evaluateButton, &QPushButton::clicked, this, &InspectionView::evaluateRequested);
    connect(m_cancelButton, &QPushButton::clicked, this, &InspectionView::cancelRequested);
    connect(m_normalised, &QCheckBox::toggled, m_matrix->matrix(),
            &ConfusionMatrixModel::setNormalised);
    connect(m_matrix, &ConfusionMatrixView::cellChosen, this, &InspectionView::showCell);
    connect(m_pairs, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const QPoint pair = item->data(kPairRoles).toPoint();
        showCell(pair.x(), pair.y());
    });
    for (QComboBox* box : {m_trueClass, m_predictedClass, m_order})
        connect(box, &QComboBox::currentIndexChanged, this, &InspectionView::applyFilters);
    connect(m_misclassifiedOnly, &QCheckBox::toggled, this, &InspectionView::applyFilters);
    connect(m_galleryView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &InspectionView::requestGradCam);
    connect(m_gradCamClass, &QComboBox::currentIndexChanged, this, &InspectionView::requestGradCam);
    for (QDoubleSpinBox* box : {m_minConfidence, m_maxConfidence})
        connect(box, &QDoubleSpinBox::valueChanged, this, &InspectionView::applyFilters);
    fillClassBoxes(); // "any …" until an evaluation names the classes
    retranslate();
}

void InspectionView::setModelDescription(const QString& text)
{
    m_modelDescription = text;
    retranslate();
}

void InspectionView::setDatasetDescription(const QString& text)
{
    m_datasetDescription = text;
    retranslate();
}

void InspectionView::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    m_evaluateButton->setEnabled(!busy);
    if (busy)
        m_progress->setRange(0, 0);
}

void InspectionView::setProgress(int done, int total)
{
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
}

void InspectionView::showError(const QString& message)
{
    m_error = message;
    retranslate();
}

void InspectionView::setResults(const QStringList& classNames,
                                const QList<QList<qint64>>& confusion,
                                const QList<ClassFigures>& classes, double top1, double top5,
                                int topK, const QList<GalleryItem>& items)
{
    m_error.clear();
    m_top1 = top1;
    m_top5 = top5;
    m_topK = topK;
    m_matrix->matrix()->setMatrix(classNames, confusion);
    m_gallery->setItems(classNames, items);
    m_classTable->setRowCount(int(classes.size()));
    for (int row = 0; row < classes.size(); ++row) {
        const ClassFigures& figures = classes[row];
        const QStringList cells{figures.name, QString::number(figures.precision, 'f', 3),
                                QString::number(figures.recall, 'f', 3),
                                QString::number(figures.f1, 'f', 3),
                                QString::number(figures.support)};
        for (int column = 0; column < cells.size(); ++column)
            m_classTable->setItem(row, column, new QTableWidgetItem(cells[column]));
    }
    // The most-confused pairs: the largest off-diagonal cells.
    struct Pair {
        int trueClass;
        int predicted;
        qint64 count;
    };
    QList<Pair> pairs;
    for (int t = 0; t < confusion.size(); ++t)
        for (int p = 0; p < confusion[t].size(); ++p)
            if (t != p && confusion[t][p] > 0)
                pairs.push_back({t, p, confusion[t][p]});
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const Pair& a, const Pair& b) { return a.count > b.count; });
    m_pairs->clear();
    for (int i = 0; i < std::min<int>(kPairsShown, int(pairs.size())); ++i) {
        auto* item = new QListWidgetItem(
            tr("%1 taken for %2: %3")
                .arg(classNames.value(pairs[i].trueClass), classNames.value(pairs[i].predicted))
                .arg(pairs[i].count),
            m_pairs);
        item->setData(kPairRoles, QPoint(pairs[i].trueClass, pairs[i].predicted));
    }
    fillClassBoxes();
    retranslate();
    applyFilters();
}

void InspectionView::clearResults()
{
    const QString error = m_error;
    setResults({}, {}, {}, -1.0, -1.0, 0, {});
    m_error = error; // a message shown stays
    m_gradCam->clear();
    retranslate();
}

void InspectionView::showCell(int trueClass, int predictedClass)
{
    const QSignalBlocker quietMisclassified(m_misclassifiedOnly);
    const QSignalBlocker quietTrue(m_trueClass);
    const QSignalBlocker quietPredicted(m_predictedClass);
    const QSignalBlocker quietMin(m_minConfidence);
    const QSignalBlocker quietMax(m_maxConfidence);
    m_misclassifiedOnly->setChecked(false);
    m_trueClass->setCurrentIndex(trueClass + 1); // item 0 is "any"
    m_predictedClass->setCurrentIndex(predictedClass + 1);
    m_minConfidence->setValue(0.0);
    m_maxConfidence->setValue(1.0);
    applyFilters();
}

void InspectionView::requestGradCam()
{
    const QModelIndex current = m_galleryView->currentIndex();
    if (!current.isValid())
        return;
    Q_EMIT gradCamRequested(m_filter->mapToSource(current).row(),
                            m_gradCamClass->currentIndex() - 1); // item 0 is "predicted"
}

void InspectionView::showGradCam(int galleryRow, const QImage& overlay, const QString& caption)
{
    const QModelIndex current = m_filter->mapToSource(m_galleryView->currentIndex());
    if (!current.isValid() || current.row() != galleryRow)
        return; // an answer for a picture no longer selected
    m_gradCam->setPixmap(QPixmap::fromImage(
        overlay.scaled(m_gradCam->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    m_gradCamCaption->setText(caption);
}

void InspectionView::fillClassBoxes()
{
    for (QComboBox* box : {m_trueClass, m_predictedClass, m_gradCamClass}) {
        const QSignalBlocker quiet(box);
        box->clear();
        box->addItem(QString()); // "any", named by retranslate()
        box->addItems(m_gallery->classNames());
    }
}

void InspectionView::applyFilters()
{
    m_filter->setMisclassifiedOnly(m_misclassifiedOnly->isChecked());
    m_filter->setTrueClass(m_trueClass->currentIndex() - 1);
    m_filter->setPredictedClass(m_predictedClass->currentIndex() - 1);
    m_filter->setConfidenceRange(m_minConfidence->value(), m_maxConfidence->value());
    m_filter->setOrder(PredictionFilter::Order(std::max(0, m_order->currentIndex())));
    m_shownCount->setText(
        tr("%1 of %2 pictures").arg(m_filter->rowCount()).arg(m_gallery->rowCount()));
}

void InspectionView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void InspectionView::retranslate()
{
    m_modelLabel->setFullText(m_modelDescription.isEmpty()
                                  ? tr("No model chosen.")
                                  : tr("Model: %1").arg(m_modelDescription));
    m_datasetLabel->setFullText(m_datasetDescription.isEmpty()
                                    ? tr("No dataset chosen.")
                                    : tr("Dataset: %1").arg(m_datasetDescription));
    m_modelButton->setText(tr("Choose model…"));
    m_datasetButton->setText(tr("Choose dataset…"));
    m_evaluateButton->setText(tr("Evaluate"));
    m_cancelButton->setText(tr("Cancel"));
    m_normalised->setText(tr("Normalised by row"));
    m_misclassifiedOnly->setText(tr("Misclassified only"));
    m_minConfidence->setPrefix(tr("confidence ≥ "));
    m_maxConfidence->setPrefix(tr("≤ "));
    m_classTable->setHorizontalHeaderLabels(
        {tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support")});
    if (m_trueClass->count() > 0)
        m_trueClass->setItemText(0, tr("any true class"));
    if (m_predictedClass->count() > 0)
        m_predictedClass->setItemText(0, tr("any prediction"));
    if (m_gradCamClass->count() > 0)
        m_gradCamClass->setItemText(0, tr("Grad-CAM: predicted class"));
    m_gradCamClass->setToolTip(tr("The class whose evidence the heat map shows"));
    if (m_gradCam->pixmap().isNull())
        m_gradCamCaption->setText(tr("Select a picture to see where the network looked."));
    {
        const QSignalBlocker quiet(m_order);
        const int order = std::max(0, m_order->currentIndex());
        m_order->clear();
        m_order->addItems({tr("Dataset order"), tr("Top losses first"), tr("Least confident first"),
                           tr("Most confident first")});
        m_order->setCurrentIndex(order);
    }
    m_summary->setToolTip(m_error);
    if (!m_error.isEmpty())
        m_summary->setText(breakable(m_error));
    else if (m_top1 >= 0.0)
        m_summary->setText(tr("Top-1 %1 %, top-%2 %3 %, %4 pictures")
                               .arg(100.0 * m_top1, 0, 'f', 2)
                               .arg(m_topK)
                               .arg(100.0 * m_top5, 0, 'f', 2)
                               .arg(m_gallery->rowCount()));
    else
        m_summary->setText(tr("Choose a model and a labelled dataset, then Evaluate."));
}

} // namespace fovea::widgets
