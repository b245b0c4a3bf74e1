// evaluateModel (one pass of a network over a loader) against a direct forward pass over the
// same pictures, and evaluateDataset (the public entry `fovea-cli eval` uses) on image folders.
#include "Evaluation.h"
#include "EngineTestHelpers.h"
#include "ModelFactory.h"
#include "data/BatchLoader.h"

#include "fovea/DatasetEvaluation.h"
#include "fovea/Model.h"

#include <QDir>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <torch/nn/functional/loss.h>
#include <torch/utils.h>

#include <cmath>
#include <set>

using fovea::EvaluationReport;
using fovea::testing::captureError;

namespace {

constexpr int kSize = 16;
constexpr int kClasses = 3;

// Random pictures held in memory; the indices in `failing` throw as an unreadable file does.
class TestSource final : public fovea::data::SampleSource {
public:
    TestSource(int count, std::set<std::size_t> failing)
        : m_failing(std::move(failing))
    {
        cv::RNG rng(7);
        for (int i = 0; i < count; ++i) {
            cv::Mat image(kSize, kSize, CV_8UC3);
            rng.fill(image, cv::RNG::UNIFORM, 0, 256);
            m_images.push_back(image);
            m_labels.push_back(i % kClasses);
        }
    }
    std::size_t size() const override { return m_images.size(); }
    int label(std::size_t index) const override { return m_labels.at(index); }
    cv::Mat loadRgb(std::size_t index) const override
    {
        if (m_failing.count(index))
            throw fovea::Error(fovea::ErrorCode::CorruptFile, describe(index) + " is corrupt");
        return m_images.at(index).clone();
    }
    std::string describe(std::size_t index) const override
    {
        return "test#" + std::to_string(index);
    }

private:
    std::vector<cv::Mat> m_images;
    std::vector<int> m_labels;
    std::set<std::size_t> m_failing;
};

fovea::Preprocessing squashTf()
{
    fovea::Preprocessing preprocessing;
    preprocessing.mode = "tf";
    preprocessing.resize = "squash";
    return preprocessing;
}

fovea::ClassifierNetPtr smallNet(std::int64_t classes)
{
    torch::manual_seed(3);
    fovea::ModelOptions options;
    options.numClasses = classes;
    return fovea::createModel("small-cnn", options);
}

std::vector<std::string> classNames()
{
    return {"red", "green", "blue"};
}

void writePicture(const QString& path, int seed)
{
    cv::Mat image(20, 24, CV_8UC3);
    cv::RNG rng(std::uint64_t(seed) + 1);
    rng.fill(image, cv::RNG::UNIFORM, 0, 256);
    QVERIFY(cv::imwrite(path.toStdString(), image));
}

} // namespace

class EvaluationTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesDirectForwardPass();
    void testTimeFlipAveragesMirrorImageProbabilities();
    void restoresTheMode_data();
    void restoresTheMode();
    void countsSkippedSamples();
    void stopsBetweenBatches();
    void evaluatesADatasetPart();
    void classMismatchNamesTheClasses_data();
    void classMismatchNamesTheClasses();
    void badDatasets();

private:
    QTemporaryDir m_dir;
    QString m_dataset;
};

void EvaluationTest::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // train/ and val/ folders of classes "a" and "b": 3 + 2 pictures each.
    m_dataset = m_dir.filePath("pictures");
    int seed = 0;
    for (const QString& part : {QStringLiteral("train"), QStringLiteral("val")})
        for (const QString& label : {QStringLiteral("a"), QStringLiteral("b")}) {
            const QString folder = m_dataset + "/" + part + "/" + label;
            QVERIFY(QDir().mkpath(folder));
            for (int i = 0; i < (part == "train" ? 3 : 2); ++i)
                writePicture(QString("%1/%2.png").arg(folder).arg(i), seed++);
        }
}

void EvaluationTest::matchesDirectForwardPass()
{
    auto source = std::make_shared<TestSource>(30, std::set<std::size_t>{});
    const fovea::data::SampleTransform transform({}, squashTf(), kSize);
    fovea::data::LoaderOptions options;
    options.batchSize = 7; // a short last batch of 2
    options.shuffle = false;
    options.workers = 1;
    fovea::data::BatchLoader loader(source, transform, options);
    const fovea::ClassifierNetPtr net = smallNet(kClasses);

    int batches = 0;
    const EvaluationReport report = fovea::evaluateModel(
        *net, loader, 1, classNames(), [&](const fovea::data::LoadedBatch&) { ++batches; });
    QCOMPARE(batches, 5);
    QCOMPARE(report.samples, std::int64_t(30));
    QCOMPARE(report.skipped, std::int64_t(0));

    // The reference: every picture through the same transform, one forward pass in eval mode.
    torch::Tensor inputs = torch::empty({30, 3, kSize, kSize});
    std::vector<std::int64_t> labels;
    for (std::size_t i = 0; i < 30; ++i) {
        transform.apply(source->loadRgb(i), {0, 1, std::int64_t(i)},
                        inputs[std::int64_t(i)].data_ptr<float>());
        labels.push_back(source->label(i));
    }
    torch::NoGradGuard noGrad;
    net->eval();
    const torch::Tensor logits = net->forward(inputs);
    const torch::Tensor labelTensor = torch::tensor(labels, torch::kLong);
    const double loss = torch::nn::functional::cross_entropy(logits, labelTensor).item<double>();
    QVERIFY2(std::abs(report.loss - loss) <= 1e-5 * std::abs(loss),
             qPrintable(QString("%1 vs %2").arg(report.loss).arg(loss)));
    std::vector<std::vector<std::int64_t>> confusion(kClasses,
                                                     std::vector<std::int64_t>(kClasses, 0));
    const torch::Tensor predicted = logits.argmax(1);
    for (std::size_t i = 0; i < 30; ++i)
        ++confusion[std::size_t(labels[i])]
                   [std::size_t(predicted[std::int64_t(i)].item<std::int64_t>())];
    QCOMPARE(report.confusion, confusion);
    QCOMPARE(report.classes.at(2).name, std::string("blue"));
    QCOMPARE(report.topK, kClasses);
    QCOMPARE(report.top5, 1.0);
}

void EvaluationTest::testTimeFlipAveragesMirrorImageProbabilities()
{
    auto source = std::make_shared<TestSource>(20, std::set<std::size_t>{});
    const fovea::data::SampleTransform transform({}, squashTf(), kSize);
    fovea::data::LoaderOptions options;
    options.batchSize = 8;
    options.shuffle = false;
    options.workers = 1;
    fovea::data::BatchLoader loader(source, transform, options);
    const fovea::ClassifierNetPtr net = smallNet(kClasses);
    std::vector<fovea::SamplePrediction> predictions;
    const EvaluationReport report = fovea::evaluateModel(*net, loader, 1, classNames(), {}, nullptr,
                                                         nullptr, &predictions, true);

    // The reference: the mean of the softmax of each picture and of its mirror image, mirrored
    // by OpenCV before the transform (which at kSize px changes no geometry).
    torch::Tensor inputs = torch::empty({20, 3, kSize, kSize});
    torch::Tensor mirrorInputs = torch::empty({20, 3, kSize, kSize});
    std::vector<std::int64_t> labels;
    for (std::size_t i = 0; i < 20; ++i) {
        const cv::Mat picture = source->loadRgb(i);
        cv::Mat mirror;
        cv::flip(picture, mirror, 1);
        transform.apply(picture, {0, 1, std::int64_t(i)},
                        inputs[std::int64_t(i)].data_ptr<float>());
        transform.apply(mirror, {0, 1, std::int64_t(i)},
                        mirrorInputs[std::int64_t(i)].data_ptr<float>());
        labels.push_back(source->label(i));
    }
    torch::NoGradGuard noGrad;
    net->eval();
    const torch::Tensor plain = torch::softmax(net->forward(inputs), 1);
    const torch::Tensor mirrored = torch::softmax(net->forward(mirrorInputs), 1);
    const torch::Tensor averaged = (plain + mirrored) / 2;
    const torch::Tensor labelTensor = torch::tensor(labels, torch::kLong);
    auto meanLoss = [&](const torch::Tensor& probabilities) {
        return -probabilities.gather(1, labelTensor.unsqueeze(1)).log().mean().item<double>();
    };
    const double loss = meanLoss(averaged);
    QVERIFY2(std::abs(report.loss - loss) <= 1e-5 * loss,
             qPrintable(QString("%1 vs %2").arg(report.loss).arg(loss)));
    // The mirror images really change the figures (else the test would not see a missing flip).
    QVERIFY(std::abs(meanLoss(plain) - loss) > 1e-3 * loss);
    QCOMPARE(predictions.size(), std::size_t(20));
    const torch::Tensor predicted = averaged.argmax(1);
    std::int64_t correct = 0;
    for (std::size_t i = 0; i < 20; ++i) {
        const auto row = std::int64_t(i);
        QCOMPARE(predictions[i].predicted, int(predicted[row].item<std::int64_t>()));
        QVERIFY(std::abs(predictions[i].confidence - averaged[row].max().item<float>()) < 1e-5f);
        const float trueProbability = averaged[row][labels[i]].item<float>();
        QVERIFY(std::abs(predictions[i].trueProbability - trueProbability) < 1e-5f);
        QVERIFY(std::abs(predictions[i].loss + std::log(trueProbability)) < 1e-4f);
        correct += predictions[i].predicted == labels[i];
    }
    QCOMPARE(report.top1, double(correct) / 20.0);
}

void EvaluationTest::restoresTheMode_data()
{
    QTest::addColumn<bool>("training");
    QTest::newRow("from training mode") << true;
    QTest::newRow("from evaluation mode") << false;
}

void EvaluationTest::restoresTheMode()
{
    QFETCH(bool, training);
    auto source = std::make_shared<TestSource>(6, std::set<std::size_t>{});
    fovea::data::LoaderOptions options;
    options.batchSize = 4;
    options.workers = 1;
    fovea::data::BatchLoader loader(source, {{}, squashTf(), kSize}, options);
    const fovea::ClassifierNetPtr net = smallNet(kClasses);
    net->train(training);
    bool evaluatedInEvalMode = true;
    bool gradientsOff = true;
    fovea::evaluateModel(*net, loader, 1, classNames(), [&](const fovea::data::LoadedBatch&) {
        evaluatedInEvalMode = evaluatedInEvalMode && !net->is_training();
        gradientsOff = gradientsOff && !torch::GradMode::is_enabled();
    });
    QVERIFY(evaluatedInEvalMode);
    QVERIFY(gradientsOff);
    QCOMPARE(net->is_training(), training);
    QVERIFY(torch::GradMode::is_enabled()); // the guard ended with the pass

    // An error in the middle of the pass restores the mode too.
    net->train(training);
    const auto error = captureError([&] {
        fovea::evaluateModel(*net, loader, 2, {"only", "two"});
    });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    QCOMPARE(net->is_training(), training);
}

void EvaluationTest::countsSkippedSamples()
{
    auto source = std::make_shared<TestSource>(12, std::set<std::size_t>{4, 9});
    fovea::data::LoaderOptions options;
    options.batchSize = 5;
    options.shuffle = false;
    options.workers = 1;
    fovea::data::BatchLoader loader(source, {{}, squashTf(), kSize}, options);
    const fovea::ClassifierNetPtr net = smallNet(kClasses);
    std::vector<std::string> seen;
    const EvaluationReport report =
        fovea::evaluateModel(*net, loader, 1, classNames(), [&](const fovea::data::LoadedBatch& b) {
            for (const fovea::data::SkippedSample& skipped : b.skipped)
                seen.push_back(skipped.path);
        });
    QCOMPARE(report.samples, std::int64_t(10));
    QCOMPARE(report.skipped, std::int64_t(2));
    QCOMPARE(seen, std::vector<std::string>({"test#4", "test#9"}));
    // Labels are i % 3: indices 4 (class 1) and 9 (class 0) are missing from the supports.
    QCOMPARE(report.classes[0].support, std::int64_t(3));
    QCOMPARE(report.classes[1].support, std::int64_t(3));
    QCOMPARE(report.classes[2].support, std::int64_t(4));
}

void EvaluationTest::stopsBetweenBatches()
{
    auto source = std::make_shared<TestSource>(20, std::set<std::size_t>{});
    fovea::data::LoaderOptions options;
    options.batchSize = 4;
    options.workers = 1;
    fovea::data::BatchLoader loader(source, {{}, squashTf(), kSize}, options);
    const fovea::ClassifierNetPtr net = smallNet(kClasses);
    std::atomic<bool> stop{false};
    // Stop requested while the second batch is handed over: it is still evaluated, no later one.
    int batches = 0;
    const EvaluationReport report = fovea::evaluateModel(
        *net, loader, 1, classNames(),
        [&](const fovea::data::LoadedBatch&) {
            if (++batches == 2)
                stop.store(true);
        },
        &stop);
    QCOMPARE(batches, 2);
    QCOMPARE(report.samples, std::int64_t(8));

    // Already stopped: nothing is evaluated.
    const EvaluationReport none = fovea::evaluateModel(*net, loader, 2, classNames(), {}, &stop);
    QCOMPARE(none.samples, std::int64_t(0));
    QVERIFY(std::isnan(none.loss));
}

void EvaluationTest::evaluatesADatasetPart()
{
    fovea::ModelOptions modelOptions;
    modelOptions.numClasses = 2;
    fovea::Model model("small-cnn", modelOptions);
    fovea::DatasetEvaluationOptions options;
    options.dataset = m_dataset.toStdString();
    options.batchSize = 3;
    options.workers = 1;
    std::vector<fovea::DatasetEvaluationProgress> progress;
    const fovea::DatasetEvaluation validation = fovea::evaluateDataset(
        model, {"a", "b"}, squashTf(), kSize, options,
        [&](const fovea::DatasetEvaluationProgress& p) { progress.push_back(p); });
    QVERIFY(!validation.stopped);
    QCOMPARE(validation.layout, std::string("train-val-folders"));
    QCOMPARE(validation.report.samples, std::int64_t(4));
    QCOMPARE(validation.report.classes.at(0).support, std::int64_t(2));
    QCOMPARE(validation.report.classes.at(1).name, std::string("b"));
    QVERIFY(!progress.empty());
    QCOMPARE(progress.back().batchesDone, std::int64_t(2));
    QCOMPARE(progress.back().batchesTotal, std::int64_t(2));
    QCOMPARE(progress.back().samplesDone, std::int64_t(4));

    options.part = "train";
    const fovea::DatasetEvaluation train =
        fovea::evaluateDataset(model, {"a", "b"}, squashTf(), kSize, options);
    QCOMPARE(train.report.samples, std::int64_t(6));
}

void EvaluationTest::classMismatchNamesTheClasses_data()
{
    QTest::addColumn<QStringList>("modelClasses");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("different names")
        << QStringList{"a", "c"}
        << QStringList{"only the model has [c]", "only the dataset has [b]"};
    QTest::newRow("model has more")
        << QStringList{"a", "b", "z"} << QStringList{"only the model has [z]"};
    QTest::newRow("another order")
        << QStringList{"b", "a"} << QStringList{"another order", "model [b, a]", "dataset [a, b]"};
}

void EvaluationTest::classMismatchNamesTheClasses()
{
    QFETCH(QStringList, modelClasses);
    QFETCH(QStringList, expected);
    fovea::ModelOptions modelOptions;
    modelOptions.numClasses = modelClasses.size();
    fovea::Model model("small-cnn", modelOptions);
    std::vector<std::string> names;
    for (const QString& name : modelClasses)
        names.push_back(name.toStdString());
    fovea::DatasetEvaluationOptions options;
    options.dataset = m_dataset.toStdString();
    const auto error =
        captureError([&] { fovea::evaluateDataset(model, names, squashTf(), kSize, options); });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, m_dataset);
    for (const QString& part : expected)
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, part);
}

void EvaluationTest::badDatasets()
{
    fovea::ModelOptions modelOptions;
    modelOptions.numClasses = 2;
    fovea::Model model("small-cnn", modelOptions);
    fovea::DatasetEvaluationOptions options;
    options.dataset = m_dir.filePath("absent").toStdString();
    auto error = captureError([&] {
        fovea::evaluateDataset(model, {"a", "b"}, squashTf(), kSize, options);
    });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::NotFound);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("absent"));

    // A folder per class with no val part, and no split asked for: there is no "val".
    const QString flat = m_dir.filePath("flat");
    for (const QString& label : {QStringLiteral("a"), QStringLiteral("b")}) {
        QVERIFY(QDir().mkpath(flat + "/" + label));
        writePicture(flat + "/" + label + "/0.png", 50);
        writePicture(flat + "/" + label + "/1.png", 51);
    }
    options.dataset = flat.toStdString();
    options.validationFraction = 0.0;
    error = captureError([&] {
        fovea::evaluateDataset(model, {"a", "b"}, squashTf(), kSize, options);
    });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("no validation images"));
    // With training's split, one picture per class is held out.
    options.validationFraction = 0.5;
    const fovea::DatasetEvaluation split =
        fovea::evaluateDataset(model, {"a", "b"}, squashTf(), kSize, options);
    QCOMPARE(split.layout, std::string("folder-per-class"));
    QCOMPARE(split.report.samples, std::int64_t(2));

    options.part = "test";
    error = captureError([&] {
        fovea::evaluateDataset(model, {"a", "b"}, squashTf(), kSize, options);
    });
    FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
    FOVEA_VERIFY_MESSAGE_CONTAINS(error, QStringLiteral("'test'"));
}

QTEST_GUILESS_MAIN(EvaluationTest)
#include "EvaluationTest.moc"
