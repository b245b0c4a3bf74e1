#include "MetricsAccumulator.h"

#include "distributed/DataParallelGroup.h"
#include "fovea/Error.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>

namespace fovea {
namespace {

double ratio(double numerator, double denominator)
{
    // sklearn's zero_division=0: an empty denominator gives 0, not NaN.
    return denominator > 0 ? numerator / denominator : 0.0;
}

} // namespace

MetricsAccumulator::MetricsAccumulator(std::int64_t numClasses)
    : m_numClasses(numClasses)
    , m_topK(static_cast<int>(std::min<std::int64_t>(5, std::max<std::int64_t>(numClasses, 1))))
{
    if (numClasses <= 0)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("metrics need at least one class, not {}", numClasses));
}

void MetricsAccumulator::add(const torch::Tensor& logits, const torch::Tensor& labels,
                             double lossSum)
{
    if (logits.dim() != 2 || logits.size(1) != m_numClasses)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("metrics: logits must be N × {}, not {}", m_numClasses,
                                fmt::join(logits.sizes(), " × ")));
    if (labels.dim() != 1 || labels.size(0) != logits.size(0))
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("metrics: labels must be a vector of {} class indices, not {}",
                                logits.size(0), fmt::join(labels.sizes(), " × ")));
    const std::int64_t count = logits.size(0);
    if (count == 0)
        return;
    const torch::Tensor targets = labels.to(logits.device(), torch::kLong);
    // One check for the whole batch: bincount would silently grow past C² (or throw far from
    // here) on a bad label.
    const torch::Tensor bounds = torch::stack({targets.min(), targets.max()}).cpu();
    const std::int64_t low = bounds[0].item<std::int64_t>();
    const std::int64_t high = bounds[1].item<std::int64_t>();
    if (low < 0 || high >= m_numClasses)
        throw Error(ErrorCode::InvalidArgument,
                    fmt::format("metrics: label {} is outside the {} classes", low < 0 ? low : high,
                                m_numClasses));

    // Pairs (true, predicted) as one index each, counted in one pass.
    const torch::Tensor predicted = logits.argmax(1);
    const torch::Tensor counts =
        torch::bincount(targets * m_numClasses + predicted, {}, m_numClasses * m_numClasses)
            .view({m_numClasses, m_numClasses});
    const torch::Tensor topK = std::get<1>(logits.topk(m_topK, 1));
    const torch::Tensor hits = topK.eq(targets.unsqueeze(1)).any(1).sum();
    if (!m_confusion.defined()) {
        m_confusion = counts.clone();
        m_topKHits = hits.clone();
    } else {
        m_confusion.add_(counts.to(m_confusion.device()));
        m_topKHits.add_(hits.to(m_topKHits.device()));
    }
    m_samples += count;
    m_lossSum += lossSum;
}

void MetricsAccumulator::sumAcrossRanks(DataParallelGroup& group)
{
    // One message: samples, loss sum, top-k hits, then the confusion matrix. Doubles hold the
    // counts exactly up to 2^53.
    const std::int64_t cells = m_numClasses * m_numClasses;
    torch::Tensor packed = torch::zeros({3 + cells}, torch::kDouble);
    packed[0] = double(m_samples);
    packed[1] = m_lossSum;
    if (m_confusion.defined()) {
        packed[2] = m_topKHits.item<double>();
        packed.slice(0, 3).copy_(m_confusion.reshape({cells}).cpu());
    }
    group.allReduceSum(packed);
    m_samples = std::llround(packed[0].item<double>());
    m_lossSum = packed[1].item<double>();
    m_topKHits = packed[2].to(torch::kLong);
    m_confusion = packed.slice(0, 3).to(torch::kLong).reshape({m_numClasses, m_numClasses});
}

EvaluationReport MetricsAccumulator::report(const std::vector<std::string>& classNames) const
{
    if (static_cast<std::int64_t>(classNames.size()) != m_numClasses)
        throw Error(
            ErrorCode::InvalidArgument,
            fmt::format("metrics: {} class names for {} classes", classNames.size(), m_numClasses));
    const auto classCount = static_cast<std::size_t>(m_numClasses);
    EvaluationReport report;
    report.samples = m_samples;
    report.topK = m_topK;
    report.loss = m_samples > 0 ? m_lossSum / double(m_samples) : std::nan("");
    report.confusion.assign(classCount, std::vector<std::int64_t>(classCount, 0));
    if (m_confusion.defined()) {
        const torch::Tensor confusion = m_confusion.to(torch::kCPU).contiguous();
        const std::int64_t* cells = confusion.data_ptr<std::int64_t>();
        for (std::size_t row = 0; row < classCount; ++row)
            std::copy(cells + row * classCount, cells + (row + 1) * classCount,
                      report.confusion[row].begin());
        report.top5 = ratio(double(m_topKHits.item<std::int64_t>()), double(m_samples));
    }

    // Per-class figures from the C × C counts (a loop over classes, never over samples).
    std::vector<std::int64_t> predictedCounts(classCount, 0);
    for (std::size_t row = 0; row < classCount; ++row)
        for (std::size_t column = 0; column < classCount; ++column)
            predictedCounts[column] += report.confusion[row][column];
    std::int64_t correct = 0;
    std::size_t averaged = 0;
    double precisionSum = 0.0;
    double recallSum = 0.0;
    double f1Sum = 0.0;
    double weightedF1Sum = 0.0;
    for (std::size_t c = 0; c < classCount; ++c) {
        const std::int64_t truePositives = report.confusion[c][c];
        ClassMetrics metrics;
        metrics.name = classNames[c];
        for (const std::int64_t cell : report.confusion[c])
            metrics.support += cell;
        metrics.precision = ratio(double(truePositives), double(predictedCounts[c]));
        metrics.recall = ratio(double(truePositives), double(metrics.support));
        metrics.accuracy = metrics.recall;
        metrics.f1 =
            ratio(2.0 * metrics.precision * metrics.recall, metrics.precision + metrics.recall);
        correct += truePositives;
        if (metrics.support > 0 || predictedCounts[c] > 0) {
            ++averaged;
            precisionSum += metrics.precision;
            recallSum += metrics.recall;
            f1Sum += metrics.f1;
        }
        weightedF1Sum += metrics.f1 * double(metrics.support);
        report.classes.push_back(std::move(metrics));
    }
    report.top1 = ratio(double(correct), double(m_samples));
    report.macroPrecision = ratio(precisionSum, double(averaged));
    report.macroRecall = ratio(recallSum, double(averaged));
    report.macroF1 = ratio(f1Sum, double(averaged));
    report.weightedF1 = ratio(weightedF1Sum, double(m_samples));
    return report;
}

} // namespace fovea
