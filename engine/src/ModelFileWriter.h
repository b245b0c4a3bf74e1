#pragma once

#include "fovea/EvaluationReport.h"
#include "fovea/ModelFile.h"
#include "models/ClassifierNet.h"

#include <string>

namespace fovea {

/// saveModelFile() for the trainer, which holds the bare network: architecture and options are
/// taken from `info` (they must be what `net` was built with, or the file will not load).
/// Validation and errors as for the public overload.
void saveModelFile(const std::string& path, const ClassifierNet& net, const ModelFileInfo& info);

/// The model file a run ends with: `info` (architecture, classes, input size, preprocessing,
/// options) plus the figures of the final validation `report`, and whether it used test-time
/// flip (so eval and the Inspect page evaluate the same way).
void saveTrainedModelFile(const std::string& path, const ClassifierNet& net, ModelFileInfo info,
                          const EvaluationReport& report, bool testTimeFlip);

/// What a finished run leaves in `runDirectory`: the evaluation report of `report`
/// (evaluation.json and its CSVs) and model.pt (saveTrainedModelFile()). Returns model.pt's path.
std::string writeRunOutputs(const std::string& runDirectory, const ClassifierNet& net,
                            ModelFileInfo info, const EvaluationReport& report, bool testTimeFlip);

} // namespace fovea
