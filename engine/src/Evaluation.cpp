#include "Evaluation.h"

#include "MetricsAccumulator.h"
#include "distributed/DataParallelGroup.h"

#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

#include <cmath>
#include <optional>

namespace fovea {
namespace {

// Puts the network back in the mode it had, however the pass ends.
class ModeRestorer {
public:
    explicit ModeRestorer(ClassifierNet& net)
        : m_net(net)
        , m_wasTraining(net.is_training())
    {
    }
    ~ModeRestorer()
    {
        // train() may move weights between layouts (EvalOnly families): only when it changes.
        if (m_net.is_training() != m_wasTraining)
            m_net.train(m_wasTraining);
    }
    ModeRestorer(const ModeRestorer&) = delete;
    ModeRestorer& operator=(const ModeRestorer&) = delete;

private:
    ClassifierNet& m_net;
    bool m_wasTraining;
};

torch::Device deviceOf(ClassifierNet& net)
{
    const std::vector<torch::Tensor> parameters = net.parameters();
    return parameters.empty() ? torch::Device(torch::kCPU) : parameters.front().device();
}

/// One SamplePrediction per row of a batch, read back in one go.
void appendPredictions(const data::LoadedBatch& batch, const torch::Tensor& logits,
                       const torch::Tensor& labels, std::vector<SamplePrediction>& predictions)
{
    const torch::Tensor logProbabilities = torch::log_softmax(logits, 1);
    const auto [bestLog, best] = logProbabilities.max(1);
    const torch::Tensor trueLog = logProbabilities.gather(1, labels.unsqueeze(1)).squeeze(1);
    const torch::Tensor table =
        torch::stack({best.to(torch::kFloat), bestLog.exp(), trueLog.exp(), -trueLog}, 1)
            .cpu()
            .contiguous();
    const torch::Tensor labelsCpu = labels.cpu().contiguous();
    const float* row = table.data_ptr<float>();
    const std::int64_t* label = labelsCpu.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < batch.size(); ++i, row += 4) {
        SamplePrediction prediction;
        prediction.index = batch.indices[std::size_t(i)];
        prediction.label = int(label[i]);
        prediction.predicted = int(row[0]);
        prediction.confidence = row[1];
        prediction.trueProbability = row[2];
        prediction.loss = row[3];
        predictions.push_back(prediction);
    }
}

/// Float logits whatever the network computes in: a float16 sum of losses overflows.
torch::Tensor classScores(ClassifierNet& net, const torch::Tensor& images)
{
    return net.forward(images).to(torch::kFloat);
}

/// log((p(x) + p(mirrored x)) / 2). Log-probabilities pass for logits everywhere below: their
/// log_softmax is themselves, so the arg-max, the top-k and the cross-entropy are those of the
/// averaged probabilities.
torch::Tensor mirrorAveragedLogProbabilities(ClassifierNet& net, const torch::Tensor& images)
{
    const torch::Tensor plain = torch::log_softmax(classScores(net, images), 1);
    const torch::Tensor mirrored = torch::log_softmax(classScores(net, images.flip({3})), 1);
    return torch::logaddexp(plain, mirrored) - std::log(2.0);
}

} // namespace

EvaluationReport evaluateModel(ClassifierNet& net, data::BatchLoader& loader, std::int64_t epoch,
                               const std::vector<std::string>& classNames,
                               const std::function<void(const data::LoadedBatch&)>& onBatch,
                               const std::atomic<bool>* stop, DataParallelGroup* group,
                               std::vector<SamplePrediction>* predictions, bool testTimeFlip)
{
    torch::NoGradGuard noGrad; // thread-local: created on the thread that evaluates
    const ModeRestorer restorer(net);
    net.eval();
    const torch::Device device = deviceOf(net);
    MetricsAccumulator metrics(static_cast<std::int64_t>(classNames.size()));
    std::int64_t skipped = 0;
    loader.startEpoch(epoch);
    while (!(stop && stop->load(std::memory_order_relaxed))) {
        const std::optional<data::LoadedBatch> batch = loader.next();
        if (!batch)
            break;
        if (onBatch)
            onBatch(*batch);
        skipped += static_cast<std::int64_t>(batch->skipped.size());
        if (batch->size() == 0)
            continue;
        const torch::Tensor images = batch->images.to(device);
        const torch::Tensor logits =
            testTimeFlip ? mirrorAveragedLogProbabilities(net, images) : classScores(net, images);
        const torch::Tensor labels = batch->labels.to(device);
        const double lossSum =
            torch::nn::functional::cross_entropy(
                logits, labels,
                torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                .item<double>();
        metrics.add(logits, labels, lossSum);
        if (predictions)
            appendPredictions(*batch, logits, labels, *predictions);
    }
    if (group) {
        metrics.sumAcrossRanks(*group);
        torch::Tensor skippedTotal = torch::full({1}, double(skipped), torch::kDouble);
        group->allReduceSum(skippedTotal);
        skipped = std::llround(skippedTotal.item<double>());
    }
    EvaluationReport report = metrics.report(classNames);
    report.skipped = skipped;
    return report;
}

} // namespace fovea
