#include "ModelController.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/Error.h"
#include "fovea/Model.h"

#include <QMetaObject>
#include <QThread>

namespace fovea::app {
namespace {

fovea::ModelOptions optionsOf(const fovea::widgets::ModelChoice& choice, int numClasses)
{
    fovea::ModelOptions options;
    options.numClasses = numClasses;
    options.compactStem = choice.compactStem;
    static const fovea::HeadOptions::Kind kinds[] = {
        fovea::HeadOptions::Kind::Default, fovea::HeadOptions::Kind::FullyConnected,
        fovea::HeadOptions::Kind::GlobalAveragePool, fovea::HeadOptions::Kind::GlobalMaxPool};
    options.head.kind = kinds[std::clamp(choice.head, 0, 3)];
    options.head.dropout = choice.dropout;
    return options;
}

QStringList toList(const std::vector<std::string>& values)
{
    QStringList list;
    for (const std::string& value : values)
        list << QString::fromStdString(value);
    return list;
}

} // namespace

ModelController::ModelController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<fovea::widgets::ModelChoice>();
    qRegisterMetaType<fovea::widgets::ModelDetails>();
}

ModelController::~ModelController()
{
    if (m_thread) {
        m_thread->wait(); // building a network cannot be interrupted; it ends by itself
        delete m_thread;
    }
}

QList<fovea::widgets::ArchitectureRow> ModelController::architectureRows()
{
    QList<fovea::widgets::ArchitectureRow> rows;
    for (const fovea::ArchitectureInfo& info : fovea::architectures()) {
        fovea::widgets::ArchitectureRow row;
        row.name = QString::fromStdString(info.name);
        row.family = QString::fromStdString(info.family);
        row.parameters = info.parameterCount;
        row.inputSize = info.defaultInputSize;
        row.preprocessing = QString::fromStdString(info.preprocessing.mode);
        row.top1 = info.referenceTop1;
        row.kerasTop1 = info.kerasTop1;
        row.kerasTop5 = info.kerasTop5;
        row.note = QString::fromStdString(info.summary);
        rows << row;
    }
    return rows;
}

void ModelController::describe(const fovea::widgets::ModelChoice& choice, int numClasses,
                               int inputSize)
{
    submit({choice, numClasses, {}, inputSize});
}

void ModelController::importWeights(const fovea::widgets::ModelChoice& choice, int numClasses,
                                    int inputSize, const QString& weightsFile)
{
    submit({choice, numClasses, weightsFile, inputSize});
}

void ModelController::submit(const Request& request)
{
    if (m_thread)
        m_pending = request;
    else
        start(request);
}

void ModelController::start(const Request& request)
{
    m_thread = QThread::create([this, request] {
        auto post = [this](auto function) {
            QMetaObject::invokeMethod(this, std::move(function), Qt::QueuedConnection);
        };
        try {
            fovea::Model model(request.choice.architecture.toStdString(),
                               optionsOf(request.choice, request.numClasses));
            if (!request.weightsFile.isEmpty()) {
                const fovea::WeightImportReport report =
                    model.importWeights(request.weightsFile.toStdString());
                post([this, file = request.weightsFile, loaded = toList(report.loaded),
                      skipped = toList(report.skipped), fresh = toList(report.reinitialised)] {
                    Q_EMIT importReady(file, loaded, skipped, fresh);
                });
            }
            if (!request.choice.freezeUpTo.isEmpty())
                model.freezeUpTo(request.choice.freezeUpTo.toStdString());
            fovea::widgets::ModelDetails details;
            details.parameters = model.parameterCount(false);
            details.trainable = model.parameterCount(true);
            // float32 weights, plus a gradient and SGD's momentum for each trainable one.
            details.trainingStateBytes = 4 * (details.parameters + 2 * details.trainable);
            std::vector<fovea::StageSummary> stages = model.stageSummary();
            if (request.inputSize > 0) {
                try {
                    const fovea::ForwardFootprint footprint =
                        model.measureForward(request.inputSize);
                    stages = footprint.stages;
                    details.inputSize = request.inputSize;
                    details.activationBytesPerImage = footprint.activationBytesPerImage;
                } catch (const fovea::Error& error) {
                    // The counts and stages still show; the size problem is said beside them.
                    details.measureProblem = QString::fromUtf8(error.what());
                }
            }
            for (const fovea::StageSummary& stage : stages) {
                details.stages << QString::fromStdString(stage.name);
                details.stageParameters << stage.parameters;
                details.stageTrainable << stage.trainable;
                QStringList sizes;
                for (const std::int64_t size : stage.outputShape)
                    sizes << QString::number(size);
                details.stageShapes
                    << (sizes.isEmpty() ? QStringLiteral("–") : sizes.join(QStringLiteral(" × ")));
            }
            post(
                [this, choice = request.choice, details] { Q_EMIT detailsReady(choice, details); });
        } catch (const std::exception& error) {
            post([this, reason = QString::fromUtf8(error.what())] { Q_EMIT failed(reason); });
        }
    });
    connect(m_thread, &QThread::finished, this, [this] {
        m_thread->deleteLater();
        m_thread = nullptr;
        if (m_pending)
            start(*std::exchange(m_pending, std::nullopt));
    });
    m_thread->start();
}

} // namespace fovea::app
