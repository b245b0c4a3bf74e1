// fovea::Classifier: probabilities that sum to 1 and are the network's softmax on the one
// preprocessing path's input (SampleTransform); test-time crops average the probabilities of
// exactly their crops; a file gives what its decoded picture gives; bad pictures and specs are
// errors; threads may classify at once.
#include <torch/types.h>

#include "EngineTestHelpers.h"
#include "PictureTestHelpers.h"

#include "Classifier.h"
#include "ModelImpl.h"
#include "data/SampleTransform.h"

#include "fovea/ArchitectureRegistry.h"
#include "fovea/Classifier.h"
#include "fovea/Error.h"
#include "fovea/ImageWriter.h"
#include "fovea/ModelFile.h"
#include "fovea/TestTimeCrops.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>
#include <numeric>
#include <thread>

using namespace fovea::testing;

namespace {

constexpr int kInputSize = 32;

double maxDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    if (a.size() != b.size())
        return INFINITY;
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(double(a[i]) - double(b[i])));
    return worst;
}

fovea::TestTimeCropSpec cropSpec(const QString& crops, const std::vector<int>& scales)
{
    fovea::TestTimeCropSpec spec;
    spec.crops = crops.toStdString();
    spec.scales = scales;
    return spec;
}

} // namespace

Q_DECLARE_METATYPE(std::vector<int>)

class ClassifierTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        torch::manual_seed(0);
        fovea::ModelOptions options;
        options.numClasses = 3;
        fovea::Model model("small-cnn", options);
        {
            // A freshly initialised head gives nearly uniform probabilities, which would hide
            // an average taken over logits instead of probabilities: sharpen it.
            torch::NoGradGuard noGrad;
            for (auto& item : model.impl().network->named_parameters())
                if (item.key().rfind("classifier.", 0) == 0)
                    item.value().mul_(40.0);
        }
        fovea::ModelFileInfo info;
        info.classNames = {"a", "b", "c"};
        info.inputSize = kInputSize;
        info.preprocessing = fovea::architecture("resnet18").preprocessing; // crop 0.875, torch
        m_modelPath = m_dir.filePath("small.fovea");
        fovea::saveModelFile(m_modelPath.toStdString(), model, info);
        m_classifier = std::make_unique<fovea::Classifier>(m_modelPath.toStdString());
        m_picture = imageOf(noiseImage(57, 43));
    }

    void probabilitiesSumToOne()
    {
        const std::vector<float> p = m_classifier->classify(m_picture);
        QCOMPARE(p.size(), std::size_t(3));
        for (const float value : p)
            QVERIFY(value >= 0.0f && value <= 1.0f);
        QVERIFY(std::abs(std::accumulate(p.begin(), p.end(), 0.0) - 1.0) < 1e-5);
        QCOMPARE(m_classifier->info().classNames, (std::vector<std::string>{"a", "b", "c"}));
        QCOMPARE(m_classifier->info().inputSize, kInputSize);
    }

    void matchesTheNetworkOnTheSampleTransformInput()
    {
        const fovea::ModelFileInfo& info = m_classifier->info();
        const fovea::data::SampleTransform transform({}, info.preprocessing, info.inputSize);
        std::vector<float> input(3 * kInputSize * kInputSize);
        transform.normalise(transform.resizeForInput(view(m_picture)), input.data());
        torch::Tensor expected;
        {
            torch::NoGradGuard noGrad;
            const auto& network = m_classifier->impl().model().impl().network;
            QVERIFY(!network->is_training());
            expected = torch::softmax(
                network->forward(torch::from_blob(input.data(), {1, 3, kInputSize, kInputSize})),
                1)[0];
        }
        const std::vector<float> reference(expected.data_ptr<float>(),
                                           expected.data_ptr<float>() + expected.numel());
        const std::vector<float> p = m_classifier->classify(m_picture);
        QVERIFY2(maxDifference(p, reference) < 1e-6,
                 qPrintable(QString("max |Δp| %1").arg(maxDifference(p, reference))));
        QVERIFY2(*std::max_element(p.begin(), p.end()) > 0.5f,
                 "the sharpened head should not be near uniform");

        // A lossless file of the same picture classifies the same.
        const QString png = m_dir.filePath("picture.png");
        fovea::writeImageFile(m_picture, png.toStdString());
        QCOMPARE(m_classifier->classifyFile(png.toStdString()), p);
    }

    void cropsAverageTheirProbabilities_data()
    {
        QTest::addColumn<QString>("crops");
        QTest::addColumn<std::vector<int>>("scales");
        QTest::addColumn<int>("count");
        QTest::newRow("ten") << "ten" << std::vector<int>{} << 10;
        QTest::newRow("five at two scales") << "five" << std::vector<int>{36, 44} << 10;
        QTest::newRow("centre at one other scale") << "center" << std::vector<int>{40} << 1;
    }

    void cropsAverageTheirProbabilities()
    {
        QFETCH(QString, crops);
        QFETCH(std::vector<int>, scales);
        QFETCH(int, count);
        const fovea::TestTimeCropSpec spec = cropSpec(crops, scales);
        const fovea::ModelFileInfo& info = m_classifier->info();
        // By hand: cut the crops with the public API, classify each on its own (an input-sized
        // picture is its own evaluation input) and average the probabilities.
        const std::vector<fovea::Image> images =
            fovea::testTimeCropImages(m_picture, spec, info.preprocessing, info.inputSize);
        QCOMPARE(int(images.size()), count);
        std::vector<float> manual(3, 0.0f);
        std::vector<std::vector<float>> each;
        for (const fovea::Image& crop : images) {
            each.push_back(m_classifier->classify(crop));
            for (std::size_t c = 0; c < 3; ++c)
                manual[c] += each.back()[c] / float(images.size());
        }
        const std::vector<float> averaged = m_classifier->classify(m_picture, spec);
        QVERIFY2(maxDifference(averaged, manual) < 1e-6,
                 qPrintable(QString("max |Δp| %1").arg(maxDifference(averaged, manual))));
        QVERIFY(std::abs(std::accumulate(averaged.begin(), averaged.end(), 0.0) - 1.0) < 1e-5);
        if (count > 1) {
            // The crops differ, so the average is not any one of them.
            bool differs = false;
            for (const auto& single : each)
                differs = differs || maxDifference(single, averaged) > 1e-4;
            QVERIFY(differs);
        }
    }

    void badPicturesAndSpecsAreErrors()
    {
        auto error = captureError([&] { m_classifier->classify(fovea::Image{}); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);

        fovea::Image short_ = m_picture;
        short_.rgb.resize(short_.rgb.size() - 1);
        error = captureError([&] { m_classifier->classify(short_); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);

        const std::string missing = m_dir.filePath("missing.jpg").toStdString();
        error = captureError([&] { m_classifier->classifyFile(missing); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::NotFound);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, "missing.jpg");

        const QString garbage = m_dir.filePath("garbage.png");
        {
            QFile file(garbage);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("\x89PNG\r\n\x1a\n but then nothing a decoder wants");
        }
        error = captureError([&] { m_classifier->classifyFile(garbage.toStdString()); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::CorruptFile);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, "garbage.png");

        error = captureError([&] { m_classifier->classify(m_picture, cropSpec("seven", {})); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, "seven");
        error = captureError([&] { m_classifier->classify(m_picture, cropSpec("five", {16})); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::InvalidArgument);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, "below the input size 32");

        error =
            captureError([&] { fovea::Classifier(m_dir.filePath("none.fovea").toStdString()); });
        FOVEA_VERIFY_ERROR(error, fovea::ErrorCode::NotFound);
        FOVEA_VERIFY_MESSAGE_CONTAINS(error, "none.fovea");
    }

    void threadsClassifyAtOnce()
    {
        const fovea::TestTimeCropSpec ten = cropSpec("ten", {});
        const std::vector<float> expected = m_classifier->classify(m_picture, ten);
        std::vector<std::vector<float>> results(4);
        std::vector<std::thread> threads;
        for (auto& result : results)
            threads.emplace_back([&] {
                for (int i = 0; i < 3; ++i)
                    result = m_classifier->classify(m_picture, ten);
            });
        for (std::thread& thread : threads)
            thread.join();
        for (const auto& result : results)
            QVERIFY(maxDifference(result, expected) < 1e-6);
    }

private:
    QTemporaryDir m_dir;
    QString m_modelPath;
    std::unique_ptr<fovea::Classifier> m_classifier;
    fovea::Image m_picture;
};

QTEST_GUILESS_MAIN(ClassifierTest)
#include "ClassifierTest.moc"
