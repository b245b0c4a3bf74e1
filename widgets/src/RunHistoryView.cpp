#include "fovea_widgets/RunHistoryView.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fovea::widgets {

namespace {
constexpr int kDirectoryRole = Qt::UserRole + 1;
constexpr int kResumableRole = Qt::UserRole + 2;
} // namespace

RunHistoryView::RunHistoryView(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_list(new QTreeWidget(this))
    , m_refresh(new QPushButton(this))
    , m_follow(new QPushButton(this))
    , m_resume(new QPushButton(this))
    , m_openFolder(new QPushButton(this))
{
    m_list->setObjectName(QStringLiteral("runHistory"));
    m_list->setColumnCount(3);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    // The run's name (its start time and architecture) in full; the figures as narrow as they go.
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(false);
    // A few runs in view even where the page scrolls (it would shrink to one row otherwise).
    m_list->setMinimumHeight(m_list->fontMetrics().height() * 8);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_list, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_follow);
    buttons->addWidget(m_resume);
    buttons->addWidget(m_openFolder);
    layout->addLayout(buttons);

    connect(m_refresh, &QPushButton::clicked, this, &RunHistoryView::refreshRequested);
    connect(m_openFolder, &QPushButton::clicked, this, &RunHistoryView::openFolderRequested);
    connect(m_follow, &QPushButton::clicked, this, [this] {
        if (const QString directory = selectedDirectory(); !directory.isEmpty())
            Q_EMIT followRequested(directory);
    });
    connect(m_resume, &QPushButton::clicked, this, [this] {
        if (const QString directory = selectedDirectory(); !directory.isEmpty())
            Q_EMIT resumeRequested(directory);
    });
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        Q_EMIT followRequested(item->data(0, kDirectoryRole).toString());
    });
    connect(m_list, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
        if (m_filling || column != 0)
            return;
        Q_EMIT compareToggled(item->data(0, kDirectoryRole).toString(),
                              item->checkState(0) == Qt::Checked);
    });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &RunHistoryView::updateButtons);
    updateButtons();
    retranslate();
}

void RunHistoryView::setRuns(const QList<RunRow>& runs)
{
    m_runs = runs;
    fill();
}

void RunHistoryView::fill()
{
    const QList<RunRow>& runs = m_runs;
    const QStringList ticked = compared();
    const QString selected = selectedDirectory();
    m_filling = true;
    m_list->clear();
    for (const RunRow& run : runs) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setData(0, kDirectoryRole, run.directory);
        item->setData(0, kResumableRole, run.resumable);
        item->setText(0, QDir(run.directory).dirName());
        // The name already ends with the architecture; the tooltip says where and what.
        item->setToolTip(0, run.problem.isEmpty()
                                ? QStringLiteral("%1\n%2").arg(run.directory, run.architecture)
                                : run.problem);
        item->setCheckState(0, ticked.contains(run.directory) ? Qt::Checked : Qt::Unchecked);
        item->setText(1, tr("%1 of %2").arg(run.epochsDone).arg(run.epochs));
        item->setText(2, run.bestAccuracy >= 0.0
                             ? QStringLiteral("%1 %").arg(run.bestAccuracy * 100.0, 0, 'f', 2)
                             : QStringLiteral("–"));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        if (!run.problem.isEmpty())
            item->setForeground(0, palette().color(QPalette::Disabled, QPalette::Text));
        if (run.directory == selected)
            item->setSelected(true);
    }
    m_filling = false;
    setFollowing(m_following);
    updateButtons();
}

void RunHistoryView::setResumeAllowed(bool allowed)
{
    m_resumeAllowed = allowed;
    updateButtons();
}

void RunHistoryView::updateButtons()
{
    const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    m_follow->setEnabled(!selected.isEmpty());
    m_resume->setEnabled(m_resumeAllowed && !selected.isEmpty() &&
                         selected.front()->data(0, kResumableRole).toBool());
}

void RunHistoryView::setFollowing(const QString& directory)
{
    m_following = directory;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_list->topLevelItem(i);
        QFont font = item->font(0);
        font.setBold(item->data(0, kDirectoryRole).toString() == directory);
        item->setFont(0, font);
    }
}

QStringList RunHistoryView::compared() const
{
    QStringList directories;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        if (m_list->topLevelItem(i)->checkState(0) == Qt::Checked)
            directories << m_list->topLevelItem(i)->data(0, kDirectoryRole).toString();
    return directories;
}

QString RunHistoryView::selectedDirectory() const
{
    const QList<QTreeWidgetItem*> selected = m_list->selectedItems();
    return selected.isEmpty() ? QString() : selected.front()->data(0, kDirectoryRole).toString();
}

void RunHistoryView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RunHistoryView::retranslate()
{
    m_title->setText(tr("Runs (tick to compare, double-click to follow)"));
    m_list->setHeaderLabels({tr("Run"), tr("Epochs"), tr("Best accuracy")});
    m_refresh->setText(tr("Refresh"));
    m_follow->setText(tr("Follow"));
    m_follow->setToolTip(tr("Show this run's curves and keep them up to date while it runs"));
    m_resume->setText(tr("Resume run")); // beside the Train page's Pause / Resume
    m_resume->setToolTip(tr("Continue this run from its newest checkpoint: a run that was "
                            "stopped, or ended before its last epoch"));
    m_openFolder->setText(tr("Open run folder…"));
    m_openFolder->setToolTip(tr("Follow any run directory, for example one fovea-cli is writing"));
    if (!m_runs.isEmpty())
        fill(); // "%1 of %2" in the new language
}

} // namespace fovea::widgets
