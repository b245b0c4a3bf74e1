#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fovea {

/// One class's figures. Conventions follow scikit-learn's classification_report with
/// zero_division=0: a ratio whose denominator is 0 is 0, never NaN.
struct ClassMetrics {
    std::string name;
    std::int64_t support = 0; ///< samples whose true class this is
    /// Fraction of this class's samples predicted as it: the same number as `recall`, under the
    /// name a confusion-matrix view shows per row.
    double accuracy = 0.0;
    /// Of the samples predicted as this class, the fraction that are; 0 when the class was never
    /// predicted (sklearn's zero_division=0).
    double precision = 0.0;
    double recall = 0.0; ///< 0 when support is 0
    double f1 = 0.0;     ///< harmonic mean of precision and recall; 0 when both are 0
};

/// What one pass of a classifier over a labelled set found. Plain data: the GUI's
/// confusion-matrix view, the trainer and `fovea-cli eval` all read it.
struct EvaluationReport {
    std::int64_t samples = 0; ///< samples evaluated (files that could not be read excluded)
    /// Mean plain cross-entropy (no label smoothing, no class weights, so runs compare); NaN
    /// when there were no samples.
    double loss = 0.0;
    double top1 = 0.0; ///< fraction in [0, 1]
    /// Fraction whose true class is among the `topK` highest logits.
    double top5 = 0.0;
    int topK = 5; ///< the k of `top5`: min(5, number of classes)
    std::vector<ClassMetrics> classes;
    /// confusion[t][p]: samples of true class t predicted as class p (classes × classes).
    std::vector<std::vector<std::int64_t>> confusion;
    /// Unweighted means over the classes that occur among the true labels or the predictions
    /// (sklearn's default label set), so a class absent from the evaluated set does not pull the
    /// averages towards 0. macroRecall is also called balanced accuracy.
    double macroPrecision = 0.0;
    double macroRecall = 0.0;
    double macroF1 = 0.0;
    double weightedF1 = 0.0; ///< mean F1 weighted by support
    /// Samples left out because their file could not be read (reported by the caller).
    std::int64_t skipped = 0;
};

/// Writes, each atomically, into `folder` (created when missing):
///  - `<stem>.json`: every field, plus "format": "fovea-evaluation" and "version": 1 (a NaN
///    loss is written as null);
///  - `<stem>-classes.csv`: header `class,support,precision,recall,f1,accuracy`, one row per
///    class, names CSV-quoted where needed (RFC 4180), numbers at full precision;
///  - `<stem>-confusion.csv`: a header row `true/predicted,<class names…>`, then one row per
///    true class starting with its name (pandas: `read_csv(path, index_col=0)`).
/// Throws Error(InvalidArgument) for an inconsistent report or a stem that is empty or holds a
/// path separator, Error(Io) naming the file when writing fails.
void writeEvaluationReport(const EvaluationReport& report, const std::string& folder,
                           const std::string& stem = "evaluation");

/// Reads a `<stem>.json` written by writeEvaluationReport. Throws Error(NotFound / Io) naming
/// the file when it cannot be read, Error(CorruptFile) naming the file and the key when the
/// content is not such a report (a missing key, a wrong type, a confusion matrix that does not
/// fit the classes).
EvaluationReport readEvaluationReport(const std::string& jsonPath);

} // namespace fovea
