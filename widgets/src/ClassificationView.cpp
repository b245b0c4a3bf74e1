#include "fovea_widgets/ClassificationView.h"

#include "fovea_widgets/TopClassesDelegate.h"

#include <QCheckBox>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fovea::widgets {

ClassificationView::ClassificationView(QWidget* parent)
    : QWidget(parent)
    , m_results(new ClassificationResultsModel(this))
    , m_sorted(new QSortFilterProxyModel(this))
    , m_modelLabel(new QLabel(this))
    , m_modelButton(new QPushButton(this))
    , m_addFilesButton(new QPushButton(this))
    , m_addFolderButton(new QPushButton(this))
    , m_cropsBox(new QCheckBox(this))
    , m_exportButton(new QPushButton(this))
    , m_clearButton(new QPushButton(this))
    , m_hint(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancelButton(new QPushButton(this))
    , m_table(new QTableView(this))
    , m_failuresLabel(new QLabel(this))
    , m_failures(new QTreeWidget(this))
{
    m_sorted->setSourceModel(m_results);
    m_sorted->setSortRole(ClassificationResultsModel::SortRole);
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // arrival order until a header is clicked
    m_table->setItemDelegateForColumn(ClassificationResultsModel::TopFive,
                                      new TopClassesDelegate(m_table));
    m_table->setIconSize(QSize(64, 64));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setDefaultSectionSize(5 * fontMetrics().height() + 8);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(ClassificationResultsModel::TopFive,
                                                      QHeaderView::Stretch);
    m_table->setColumnWidth(ClassificationResultsModel::File, 220);
    m_table->setColumnWidth(ClassificationResultsModel::Prediction, 140);
    m_table->setAlternatingRowColors(true);

    m_modelLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_modelLabel->setWordWrap(true);
    m_hint->setAlignment(Qt::AlignCenter);
    m_progress->hide();
    m_cancelButton->hide();
    m_failures->setColumnCount(2);
    m_failures->setRootIsDecorated(false);
    m_failures->setColumnWidth(0, 320);
    m_failures->hide();
    m_failuresLabel->hide();

    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_modelLabel, 1);
    modelRow->addWidget(m_modelButton);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_addFilesButton);
    actions->addWidget(m_addFolderButton);
    actions->addWidget(m_cropsBox);
    actions->addStretch(1);
    actions->addWidget(m_exportButton);
    actions->addWidget(m_clearButton);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(m_hint, 1);
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancelButton);

    auto* failuresBox = new QWidget(this);
    auto* failuresLayout = new QVBoxLayout(failuresBox);
    failuresLayout->setContentsMargins(0, 0, 0, 0);
    failuresLayout->addWidget(m_failuresLabel);
    failuresLayout->addWidget(m_failures);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(failuresBox);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(modelRow);
    layout->addLayout(actions);
    layout->addLayout(progressRow);
    layout->addWidget(m_splitter, 1);

    connect(m_modelButton, &QPushButton::clicked, this, &ClassificationView::chooseModelRequested);
    connect(m_addFilesButton, &QPushButton::clicked, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Images to classify"), QString(),
            tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.gif);;All files (*)"));
        if (!files.isEmpty())
            Q_EMIT pathsChosen(files);
    });
    connect(m_addFolderButton, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder to classify"));
        if (!folder.isEmpty())
            Q_EMIT pathsChosen({folder});
    });
    connect(m_cropsBox, &QCheckBox::toggled, this, &ClassificationView::testTimeCropsChanged);
    connect(m_cancelButton, &QPushButton::clicked, this, &ClassificationView::cancelRequested);
    connect(m_clearButton, &QPushButton::clicked, this, &ClassificationView::clear);
    connect(m_exportButton, &QPushButton::clicked, this, &ClassificationView::exportWithDialog);
    retranslate();
}

void ClassificationView::setModelDescription(const QString& text)
{
    m_modelDescription = text;
    retranslate();
}

void ClassificationView::setBusy(bool busy)
{
    m_hint->setVisible(!busy);
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    if (busy)
        m_progress->setRange(0, 0); // until the files are counted
}

void ClassificationView::setProgress(int done, int total)
{
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    m_progress->setFormat(tr("%1 of %2 images").arg(done).arg(total));
}

void ClassificationView::addResult(const ClassificationRow& row)
{
    m_results->addRow(row);
}

void ClassificationView::addFailure(const QString& path, const QString& reason)
{
    auto* item = new QTreeWidgetItem(m_failures, {path, reason});
    item->setToolTip(1, reason);
    if (m_failures->isHidden()) {
        m_failures->show();
        m_failuresLabel->show();
        // The list was hidden, so the splitter gave it no room: a quarter of the page now.
        const int total = m_splitter->height();
        m_splitter->setSizes({total - total / 4, total / 4});
    }
    retranslate();
}

void ClassificationView::clear()
{
    m_results->clear();
    m_failures->clear();
    m_failures->hide();
    m_failuresLabel->hide();
}

bool ClassificationView::testTimeCrops() const
{
    return m_cropsBox->isChecked();
}

QList<int> ClassificationView::displayedOrder() const
{
    QList<int> order;
    for (int row = 0; row < m_sorted->rowCount(); ++row)
        order << m_sorted->mapToSource(m_sorted->index(row, 0)).row();
    return order;
}

int ClassificationView::failureCount() const
{
    return m_failures->topLevelItemCount();
}

QString ClassificationView::failureReason(const QString& path) const
{
    for (int i = 0; i < m_failures->topLevelItemCount(); ++i)
        if (m_failures->topLevelItem(i)->text(0) == path)
            return m_failures->topLevelItem(i)->text(1);
    return {};
}

bool ClassificationView::exportCsv(const QString& path, QString* error) const
{
    QSaveFile file(path);
    const QByteArray csv = m_results->toCsv(displayedOrder()).toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void ClassificationView::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export results"), QStringLiteral("predictions.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export results"),
                             tr("Could not write %1: %2").arg(path, error));
}

void ClassificationView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ClassificationView::retranslate()
{
    m_modelLabel->setText(m_modelDescription.isEmpty()
                              ? tr("No model chosen: train one, or choose a model file.")
                              : tr("Model: %1").arg(m_modelDescription));
    m_modelButton->setText(tr("Choose model…"));
    m_addFilesButton->setText(tr("Add images…"));
    m_addFolderButton->setText(tr("Add folder…"));
    m_cropsBox->setText(tr("Test-time crops (ten)"));
    m_cropsBox->setToolTip(
        tr("Average the predictions of ten crops: the centre, the four corners and their "
           "mirror images"));
    m_exportButton->setText(tr("Export CSV…"));
    m_clearButton->setText(tr("Clear"));
    m_cancelButton->setText(tr("Cancel"));
    m_hint->setText(tr("Drop images or folders anywhere on the window, or paste them."));
    m_failuresLabel->setText(tr("Files that could not be classified: %1").arg(failureCount()));
    m_failures->setHeaderLabels({tr("File"), tr("Reason")});
    // The results' headers come from the model's tr(): tell the table they changed.
    Q_EMIT m_results->headerDataChanged(Qt::Horizontal, 0,
                                        ClassificationResultsModel::ColumnCount - 1);
}

} // namespace fovea::widgets
