#pragma once

#include "data/BatchLoader.h"
#include "fovea/DatasetEvaluation.h"
#include "fovea/EvaluationReport.h"
#include "models/ClassifierNet.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fovea {

class DataParallelGroup;

/// One pass of `net` over `loader`'s epoch `epoch`: the confusion matrix, top-1/top-k, per-class
/// figures and the mean plain cross-entropy (no smoothing or class weights, so losses compare
/// across runs and criteria).
///
/// Runs on the calling thread with NoGradGuard (thread-local, so it must be created here) and the
/// network in evaluation mode; the network's previous mode is restored afterwards, exceptions
/// included. Batches go to the network's device.
///
/// `onBatch` sees every batch as it comes from the loader, before it is evaluated (to report
/// `skipped` files, or progress); report().skipped counts the samples the loader skipped.
/// `stop` is polled between batches: once it is set, the pass ends and the report covers the
/// batches evaluated so far (`samples` says how many).
///
/// With `predictions`, each sample's prediction is appended to it (this rank's samples only).
/// The report covers what the loader yields. With `group`, each rank evaluates its own shard
/// (a loader with padShards off, so the shards hold every sample once) and every rank gets the
/// figures summed over all of them; all ranks must call it together.
///
/// With `testTimeFlip`, each picture is also classified mirrored left to right and the two
/// probability vectors are averaged (twice the compute): every figure, the loss included, is
/// that of the averaged probabilities.
EvaluationReport evaluateModel(ClassifierNet& net, data::BatchLoader& loader, std::int64_t epoch,
                               const std::vector<std::string>& classNames,
                               const std::function<void(const data::LoadedBatch&)>& onBatch = {},
                               const std::atomic<bool>* stop = nullptr,
                               DataParallelGroup* group = nullptr,
                               std::vector<SamplePrediction>* predictions = nullptr,
                               bool testTimeFlip = false);

} // namespace fovea
