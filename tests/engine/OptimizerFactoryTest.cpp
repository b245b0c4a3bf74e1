// What createOptimizer builds from a config: the optimiser type, its options, the parameter
// groups that keep weight decay off biases and norm weights, and a rate that reaches every group.
// (Their steps are compared with torch.optim in OptimizerReferenceTest.)
#include "EngineTestHelpers.h"

#include "OptimizerFactory.h"
#include "fovea/TrainingConfig.h"

#include <QObject>
#include <QTest>

#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/rmsprop.h>
#include <torch/optim/sgd.h>

using fovea::TrainingConfig;

namespace {

/// A conv kernel, a batch-norm weight and bias, a linear weight and bias.
std::vector<torch::Tensor> parameters()
{
    std::vector<torch::Tensor> tensors;
    for (const auto& shape :
         std::vector<std::vector<std::int64_t>>{{4, 3, 3, 3}, {4}, {4}, {10, 4}, {10}})
        tensors.push_back(torch::ones(shape).requires_grad_(true));
    return tensors;
}

double weightDecayOf(const torch::optim::OptimizerOptions& options, const std::string& optimizer)
{
    if (optimizer == "sgd")
        return static_cast<const torch::optim::SGDOptions&>(options).weight_decay();
    if (optimizer == "rmsprop")
        return static_cast<const torch::optim::RMSpropOptions&>(options).weight_decay();
    if (optimizer == "adam")
        return static_cast<const torch::optim::AdamOptions&>(options).weight_decay();
    return static_cast<const torch::optim::AdamWOptions&>(options).weight_decay();
}

} // namespace

class OptimizerFactoryTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void buildsTheNamedOptimiser_data();
    void buildsTheNamedOptimiser();
    void optionsComeFromTheConfig();
    void noParametersIsFine();
    void headLearnsAtItsMultiplier_data();
    void headLearnsAtItsMultiplier();
};

void OptimizerFactoryTest::buildsTheNamedOptimiser_data()
{
    QTest::addColumn<QString>("optimizer");
    QTest::addColumn<bool>("decayNormAndBias");
    for (const std::string& name : TrainingConfig::optimizerNames()) {
        QTest::addRow("%s, decay everything", name.c_str()) << QString::fromStdString(name) << true;
        QTest::addRow("%s, no decay on 1-D", name.c_str()) << QString::fromStdString(name) << false;
    }
}

void OptimizerFactoryTest::buildsTheNamedOptimiser()
{
    QFETCH(QString, optimizer);
    QFETCH(bool, decayNormAndBias);
    TrainingConfig config;
    config.optimizer = optimizer.toStdString();
    config.weightDecay = 0.03;
    config.decayNormAndBias = decayNormAndBias;
    const std::vector<torch::Tensor> tensors = parameters();
    const auto built = fovea::createOptimizer(config, tensors);
    QVERIFY(built);
    const bool rightType =
        (optimizer == "sgd" && dynamic_cast<torch::optim::SGD*>(built.get())) ||
        (optimizer == "rmsprop" && dynamic_cast<torch::optim::RMSprop*>(built.get())) ||
        (optimizer == "adam" && dynamic_cast<torch::optim::Adam*>(built.get())) ||
        (optimizer == "adamw" && dynamic_cast<torch::optim::AdamW*>(built.get()));
    QVERIFY(rightType);

    // Every tensor is in exactly one group; 1-D ones get no decay unless asked for.
    auto& groups = built->param_groups();
    QCOMPARE(groups.size(), std::size_t(decayNormAndBias ? 1 : 2));
    std::size_t seen = 0;
    for (auto& group : groups) {
        const double decay = weightDecayOf(group.options(), config.optimizer);
        for (const torch::Tensor& tensor : group.params()) {
            ++seen;
            const bool decayed = decayNormAndBias || tensor.dim() > 1;
            QCOMPARE(decay, decayed ? 0.03 : 0.0);
        }
    }
    QCOMPARE(seen, tensors.size());

    fovea::setLearningRate(*built, 0.0042);
    for (auto& group : built->param_groups())
        QCOMPARE(group.options().get_lr(), 0.0042);
}

void OptimizerFactoryTest::optionsComeFromTheConfig()
{
    TrainingConfig config;
    config.optimizer = "rmsprop";
    config.learningRate = 0.045;
    config.rmspropAlpha = 0.9;
    config.rmspropEps = 1.0;
    config.momentum = 0.8;
    auto built = fovea::createOptimizer(config, parameters());
    const auto& rmsprop =
        static_cast<const torch::optim::RMSpropOptions&>(built->param_groups()[0].options());
    QCOMPARE(rmsprop.lr(), 0.045);
    QCOMPARE(rmsprop.alpha(), 0.9);
    QCOMPARE(rmsprop.eps(), 1.0);
    QCOMPARE(rmsprop.momentum(), 0.8);
    QVERIFY(!rmsprop.centered());

    config.optimizer = "sgd";
    config.nesterov = true;
    built = fovea::createOptimizer(config, parameters());
    const auto& sgd =
        static_cast<const torch::optim::SGDOptions&>(built->param_groups()[0].options());
    QVERIFY(sgd.nesterov());
    QCOMPARE(sgd.momentum(), 0.8);
    QCOMPARE(sgd.dampening(), 0.0);

    config.optimizer = "adamw";
    config.adamBeta1 = 0.7;
    config.adamBeta2 = 0.95;
    config.adamEps = 1e-5;
    built = fovea::createOptimizer(config, parameters());
    const auto& adamw =
        static_cast<const torch::optim::AdamWOptions&>(built->param_groups()[0].options());
    QCOMPARE(std::get<0>(adamw.betas()), 0.7);
    QCOMPARE(std::get<1>(adamw.betas()), 0.95);
    QCOMPARE(adamw.eps(), 1e-5);
    QVERIFY(!adamw.amsgrad());
}

void OptimizerFactoryTest::noParametersIsFine()
{
    // A fully frozen model still gets an optimiser (stepping it does nothing).
    TrainingConfig config;
    config.decayNormAndBias = false;
    const auto built = fovea::createOptimizer(config, {});
    QCOMPARE(built->param_groups().size(), std::size_t(1));
    built->step();
}

void OptimizerFactoryTest::headLearnsAtItsMultiplier_data()
{
    QTest::addColumn<QString>("optimizer");
    QTest::addColumn<bool>("decayNormAndBias");
    for (const char* name : {"sgd", "rmsprop", "adam", "adamw"}) {
        QTest::newRow(name) << name << true;
        QTest::newRow(qPrintable(QString(name) + ", no bias decay")) << name << false;
    }
}

void OptimizerFactoryTest::headLearnsAtItsMultiplier()
{
    QFETCH(QString, optimizer);
    QFETCH(bool, decayNormAndBias);
    TrainingConfig config;
    config.optimizer = optimizer.toStdString();
    config.decayNormAndBias = decayNormAndBias;
    config.headLrMultiplier = 10.0;
    const std::vector<torch::Tensor> backbone = parameters();
    const std::vector<torch::Tensor> head{torch::ones({3, 8}).requires_grad_(true),
                                          torch::ones({3}).requires_grad_(true)};
    fovea::ScaledOptimizer built = fovea::createOptimizer(config, backbone, head);
    auto& groups = built.optimizer->param_groups();
    QCOMPARE(built.groupScales.size(), groups.size());
    built.setLearningRate(0.02);
    std::size_t headTensors = 0;
    std::size_t backboneTensors = 0;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        const bool isHead = built.groupScales[i] == 10.0;
        QCOMPARE(groups[i].options().get_lr(), isHead ? 0.2 : 0.02);
        for (const torch::Tensor& tensor : groups[i].params()) {
            const bool inHead = tensor.is_same(head[0]) || tensor.is_same(head[1]);
            QCOMPARE(inHead, isHead);
            (isHead ? headTensors : backboneTensors) += 1;
            // Without bias decay, 1-D tensors sit in groups whose weight decay is 0.
            if (!decayNormAndBias && tensor.dim() == 1)
                QCOMPARE(weightDecayOf(groups[i].options(), config.optimizer), 0.0);
        }
    }
    QCOMPARE(headTensors, head.size());
    QCOMPARE(backboneTensors, backbone.size());
}

QTEST_GUILESS_MAIN(OptimizerFactoryTest)
#include "OptimizerFactoryTest.moc"
