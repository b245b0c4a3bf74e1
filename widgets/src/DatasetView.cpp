#include "fovea_widgets/DatasetView.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fovea::widgets {

DatasetView::DatasetView(QWidget* parent)
    : QWidget(parent)
    , m_openFolder(new QPushButton(this))
    , m_openList(new QPushButton(this))
    , m_source(new QLabel(this))
    , m_fraction(new QDoubleSpinBox(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(this))
    , m_summary(new QLabel(this))
    , m_classTable(new QTableWidget(this))
    , m_rejectedLabel(new QLabel(this))
    , m_rejected(new QTreeWidget(this))
    , m_classBox(new QComboBox(this))
    , m_grid(new QListView(this))
    , m_thumbnails(new DatasetThumbnailModel(this))
    , m_filter(new ClassFilter(this))
{
    m_fraction->setRange(0.0, 0.9);
    m_fraction->setSingleStep(0.05);
    m_fraction->setValue(0.1);
    // A value counts once typed out (Enter, leaving the box, the arrows): each keystroke of
    // "0.25" would otherwise split the dataset again, the first at 0.
    m_fraction->setKeyboardTracking(false);
    m_progress->hide();
    m_cancel->hide();
    m_summary->setWordWrap(true);
    m_classTable->setColumnCount(4);
    m_classTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_classTable->verticalHeader()->hide();
    m_classTable->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_rejected->setColumnCount(2);
    m_rejected->setRootIsDecorated(false);
    m_filter->setSourceModel(m_thumbnails);
    m_grid->setModel(m_filter);
    m_grid->setViewMode(QListView::IconMode);
    m_grid->setIconSize(QSize(64, 64));
    m_grid->setGridSize(QSize(88, 92));
    m_grid->setUniformItemSizes(true); // 100 000 items lay out without measuring each
    m_grid->setResizeMode(QListView::Adjust);
    m_grid->setMovement(QListView::Static);
    m_grid->setLayoutMode(QListView::Batched);
    m_grid->setWordWrap(true);

    auto* top = new QHBoxLayout;
    top->addWidget(m_openFolder);
    top->addWidget(m_openList);
    top->addWidget(m_source, 1);
    top->addWidget(m_fraction);
    auto* progress = new QHBoxLayout;
    progress->addWidget(m_summary, 1);
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_cancel);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_classTable, 2);
    leftLayout->addWidget(m_rejectedLabel);
    leftLayout->addWidget(m_rejected, 1);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_classBox);
    rightLayout->addWidget(m_grid, 1);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({440, 760});
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(progress);
    layout->addWidget(splitter, 1);

    connect(m_openFolder, &QPushButton::clicked, this, &DatasetView::openFolderRequested);
    connect(m_openList, &QPushButton::clicked, this, &DatasetView::openListRequested);
    connect(m_cancel, &QPushButton::clicked, this, &DatasetView::cancelRequested);
    connect(m_fraction, &QDoubleSpinBox::valueChanged, this,
            &DatasetView::validationFractionChanged);
    connect(m_classBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_filter->setLabel(index - 1); }); // item 0: every class
    retranslate();
}

void DatasetView::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    m_openFolder->setEnabled(!busy);
    m_openList->setEnabled(!busy);
    if (busy)
        m_progress->setRange(0, 0);
}

void DatasetView::setProgress(const QString& phase, int done, int total)
{
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    m_progress->setFormat(QStringLiteral("%1 %2 / %3").arg(phase).arg(done).arg(total));
}

double DatasetView::validationFraction() const
{
    return m_fraction->value();
}

void DatasetView::setValidationFraction(double fraction)
{
    const QSignalBlocker quiet(m_fraction);
    m_fraction->setValue(fraction);
}

void DatasetView::showSummary(const DatasetSummary& summary)
{
    m_error.clear();
    m_current = summary;
    qint64 largest = 1;
    for (int c = 0; c < summary.classNames.size(); ++c)
        largest =
            std::max(largest, summary.trainCounts.value(c) + summary.validationCounts.value(c));
    m_classTable->setRowCount(int(summary.classNames.size()));
    for (int c = 0; c < summary.classNames.size(); ++c) {
        const qint64 train = summary.trainCounts.value(c);
        const qint64 validation = summary.validationCounts.value(c);
        m_classTable->setItem(c, 0, new QTableWidgetItem(summary.classNames[c]));
        m_classTable->setItem(c, 1, new QTableWidgetItem(QString::number(train)));
        m_classTable->setItem(c, 2, new QTableWidgetItem(QString::number(validation)));
        auto* bar = new QProgressBar(m_classTable);
        bar->setRange(0, int(largest));
        bar->setValue(int(train + validation));
        bar->setTextVisible(false);
        m_classTable->setCellWidget(c, 3, bar);
    }
    m_rejected->clear();
    for (const auto& [path, reason] : summary.rejected) {
        auto* item = new QTreeWidgetItem(m_rejected, {path, reason});
        // Long paths are elided in the middle of the column: the whole of each is a hover away.
        item->setToolTip(0, path);
        item->setToolTip(1, reason);
    }
    m_rejected->setTextElideMode(Qt::ElideMiddle);
    {
        const QSignalBlocker quiet(m_classBox);
        m_classBox->clear();
        m_classBox->addItem(QString());
        m_classBox->addItems(summary.classNames);
    }
    m_filter->setLabel(-1);
    retranslate();
}

void DatasetView::showError(const QString& message)
{
    m_error = message;
    retranslate();
}

void DatasetView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void DatasetView::retranslate()
{
    m_openFolder->setText(tr("Open folder…"));
    m_openList->setText(tr("Open list file…"));
    m_cancel->setText(tr("Cancel"));
    m_fraction->setPrefix(tr("validation "));
    m_fraction->setToolTip(
        tr("Fraction of each class held out for validation when the dataset has no val part"));
    m_source->setText(m_current.source.isEmpty() ? tr("No dataset opened: open a folder, a "
                                                      "CSV/TSV list or IDX files, or drop a "
                                                      "folder here.")
                                                 : m_current.source);
    m_classTable->setHorizontalHeaderLabels(
        {tr("Class"), tr("Train"), tr("Validation"), QString()});
    m_rejected->setHeaderLabels({tr("File"), tr("Reason")});
    m_rejectedLabel->setText(tr("Left out: %1").arg(m_rejected->topLevelItemCount()));
    if (m_classBox->count() > 0)
        m_classBox->setItemText(0, tr("every class"));
    qint64 train = 0;
    qint64 validation = 0;
    for (const qint64 n : m_current.trainCounts)
        train += n;
    for (const qint64 n : m_current.validationCounts)
        validation += n;
    if (!m_error.isEmpty())
        m_summary->setText(m_error);
    else if (!m_current.source.isEmpty())
        m_summary->setText(tr("%1: %2 classes, %3 training and %4 validation pictures, %5")
                               .arg(m_current.layout)
                               .arg(m_current.classNames.size())
                               .arg(train)
                               .arg(validation)
                               .arg(m_current.sizes));
    else
        m_summary->clear();
}

} // namespace fovea::widgets
