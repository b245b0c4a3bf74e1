// fovea-cli train's flags (optimiser, schedule, loss, fine-tuning, stopping, checkpoints, device,
// …), run as a separate process: each reaches the run (config.json in the run directory),
// overrides a config file one key at a time, and a bad value stops the command with exit code 2
// naming the flag or key.
#include "SyntheticIdx.h"

#include "fovea/Model.h"
#include "fovea/TrainingConfig.h"

#include "CliRunner.h"
#include <QDir>
#include <QFile>
#include <QObject>

#include <QTemporaryDir>
#include <QTest>

#include <functional>

using fovea::TrainingConfig;

using ConfigEdit = std::function<void(TrainingConfig&)>;
Q_DECLARE_METATYPE(ConfigEdit)

namespace {

constexpr int kTimeoutMs = 120'000;

using CliRun = fovea::testing::CliResult;

CliRun runCli(const QStringList& arguments)
{
    return fovea::testing::runFoveaCli(arguments, kTimeoutMs);
}

QStringList runDirectories(const QString& runs)
{
    return QDir(runs).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
}

} // namespace

class CliTrainFlagsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void flagsReachTheRun_data();
    void flagsReachTheRun();
    void flagsOverrideTheConfigFile();
    void badValues_data();
    void badValues();
    void augmentationFromAFile();
    void badAugmentationFile();

private:
    /// A two-epoch run of 2 × 32 images; `runs` receives the run directory.
    QStringList baseArguments(const QString& runs) const;
    /// What baseArguments() asks for, as the trainer resolves it.
    TrainingConfig baseConfig(const QString& runs) const;
    /// The config.json of the only run below `runs`.
    static TrainingConfig writtenConfig(const QString& runs);

    QTemporaryDir m_dir;
    QString m_dataset;
    QString m_weights; ///< small-cnn's state dict at 1000 classes, as exportWeights() writes it
};

void CliTrainFlagsTest::initTestCase()
{
    QVERIFY2(QFileInfo(FOVEA_CLI_PATH).isExecutable(), FOVEA_CLI_PATH);
    QVERIFY(m_dir.isValid());
    fovea::testing::SyntheticIdxOptions options;
    options.trainCount = 64;
    options.testCount = 16;
    options.size = 12;
    options.classes = 4;
    m_dataset = m_dir.filePath("synthetic");
    fovea::testing::writeSyntheticIdxDataset(m_dataset.toStdString(), options);
    m_weights = m_dir.filePath("small-cnn-1000.pt");
    fovea::Model(std::string("small-cnn")).exportWeights(m_weights.toStdString());
}

QStringList CliTrainFlagsTest::baseArguments(const QString& runs) const
{
    return {"train", "--dataset",   m_dataset, "--arch",    "small-cnn", "--epochs",
            "2",     "--runs",      runs,      "--threads", "1",         "--batch-size",
            "32",    "--val-limit", "16"};
}

TrainingConfig CliTrainFlagsTest::baseConfig(const QString& runs) const
{
    TrainingConfig config;
    config.dataset = m_dataset.toStdString();
    config.architecture = "small-cnn";
    config.epochs = 2;
    config.runsFolder = runs.toStdString();
    config.threads = 1;
    config.batchSize = 32;
    config.validationLimit = 16;
    config.inputSize = 12; // resolved from the dataset
    return config;
}

TrainingConfig CliTrainFlagsTest::writtenConfig(const QString& runs)
{
    const QStringList created = runDirectories(runs);
    if (created.size() != 1)
        return {};
    QFile file(runs + "/" + created.first() + "/config.json");
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return TrainingConfig::fromJson(file.readAll().toStdString(), "config.json");
}

void CliTrainFlagsTest::flagsReachTheRun_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<ConfigEdit>("expected");
    QTest::newRow("adamw, multistep, smoothing, class weights")
        << QStringList{"--optimizer",
                       "adamw",
                       "--lr",
                       "0.002",
                       "--weight-decay",
                       "0.05",
                       "--no-decay-norm-bias",
                       "--adam-beta1",
                       "0.8",
                       "--adam-beta2",
                       "0.99",
                       "--adam-eps",
                       "1e-7",
                       "--schedule",
                       "multistep",
                       "--milestones",
                       "1,2",
                       "--gamma",
                       "0.5",
                       "--label-smoothing",
                       "0.1",
                       "--class-weights",
                       "1,2.5,1,0.5"}
        << ConfigEdit([](TrainingConfig& c) {
               c.optimizer = "adamw";
               c.learningRate = 0.002;
               c.weightDecay = 0.05;
               c.decayNormAndBias = false;
               c.adamBeta1 = 0.8;
               c.adamBeta2 = 0.99;
               c.adamEps = 1e-7;
               c.schedule = "multistep";
               c.milestones = {1, 2};
               c.gamma = 0.5;
               c.labelSmoothing = 0.1;
               c.classWeights = {1.0, 2.5, 1.0, 0.5};
           });
    QTest::newRow("rmsprop, cosine with warm-up") << QStringList{"--optimizer",
                                                                 "rmsprop",
                                                                 "--rmsprop-alpha",
                                                                 "0.9",
                                                                 "--rmsprop-eps",
                                                                 "1.0",
                                                                 "--momentum",
                                                                 "0.5",
                                                                 "--schedule",
                                                                 "cosine",
                                                                 "--warmup-epochs",
                                                                 "0.5",
                                                                 "--min-lr",
                                                                 "0.0001",
                                                                 "--nesterov",
                                                                 "--cpu-bf16",
                                                                 "--test-time-flip",
                                                                 "--validate-every",
                                                                 "3"}
                                                  << ConfigEdit([](TrainingConfig& c) {
                                                         c.optimizer = "rmsprop";
                                                         c.rmspropAlpha = 0.9;
                                                         c.rmspropEps = 1.0;
                                                         c.momentum = 0.5;
                                                         c.warmupEpochs = 0.5;
                                                         c.minLearningRate = 0.0001;
                                                         c.nesterov = true;
                                                         c.cpuBfloat16 = true;
                                                         c.testTimeFlip = true;
                                                         c.validateEveryEpochs = 3;
                                                     });
    QTest::newRow("onecycle") << QStringList{"--schedule",
                                             "onecycle",
                                             "--one-cycle-pct-start",
                                             "0.4",
                                             "--one-cycle-div-factor",
                                             "10",
                                             "--one-cycle-final-div-factor",
                                             "100"}
                              << ConfigEdit([](TrainingConfig& c) {
                                     c.schedule = "onecycle";
                                     c.oneCyclePctStart = 0.4;
                                     c.oneCycleDivFactor = 10;
                                     c.oneCycleFinalDivFactor = 100;
                                 });
    QTest::newRow("plateau") << QStringList{"--schedule",
                                            "plateau",
                                            "--plateau-metric",
                                            "val_accuracy",
                                            "--plateau-mode",
                                            "max",
                                            "--plateau-factor",
                                            "0.2",
                                            "--plateau-patience",
                                            "3",
                                            "--plateau-cooldown",
                                            "1",
                                            "--plateau-threshold",
                                            "0.01",
                                            "--plateau-threshold-mode",
                                            "abs",
                                            "--min-lr",
                                            "1e-5"}
                             << ConfigEdit([](TrainingConfig& c) {
                                    c.schedule = "plateau";
                                    c.plateauMetric = "val_accuracy";
                                    c.plateauMode = "max";
                                    c.plateauFactor = 0.2;
                                    c.plateauPatience = 3;
                                    c.plateauCooldown = 1;
                                    c.plateauThreshold = 0.01;
                                    c.plateauThresholdMode = "abs";
                                    c.minLearningRate = 1e-5;
                                });
    QTest::newRow("augmentation preset, loader settings")
        << QStringList{"--augment",  "small", "--loader-workers", "1",
                       "--prefetch", "3",     "--val-fraction",   "0.2"}
        << ConfigEdit([](TrainingConfig& c) {
               c.augmentation = fovea::AugmentationSpec::preset("small");
               c.loaderWorkers = 1;
               c.prefetchBatches = 3;
               c.validationFraction = 0.2;
           });
    QTest::newRow("fine-tuning, stopping, checkpoints, device")
        << QStringList{"--weights",
                       m_weights,
                       "--freeze-up-to",
                       "features",
                       "--unfreeze-after",
                       "1",
                       "--head-lr-multiplier",
                       "10",
                       "--accumulate",
                       "2",
                       "--log-every",
                       "5",
                       "--early-stopping-patience",
                       "3",
                       "--early-stopping-metric",
                       "train_loss",
                       "--early-stopping-min-delta",
                       "0.01",
                       "--checkpoint-every",
                       "2",
                       "--keep-checkpoints",
                       "1",
                       "--nan-policy",
                       "rollback",
                       "--nan-lr-factor",
                       "0.25",
                       "--device",
                       "cpu",
                       "--no-mixed-precision"}
        << ConfigEdit([weights = m_weights.toStdString()](TrainingConfig& c) {
               c.weights = weights;
               c.freezeUpTo = "features";
               c.unfreezeAfterEpochs = 1;
               c.headLrMultiplier = 10;
               c.accumulateSteps = 2;
               c.logEverySteps = 5;
               c.earlyStoppingPatience = 3;
               c.earlyStoppingMetric = "train_loss";
               c.earlyStoppingMinDelta = 0.01;
               c.checkpointEveryEpochs = 2;
               c.keepCheckpoints = 1;
               c.nanPolicy = "rollback";
               c.nanLrFactor = 0.25;
               c.mixedPrecision = false;
           });
    QTest::newRow("head") << QStringList{"--head", "fc", "--head-dropout", "0.3"}
                          << ConfigEdit([](TrainingConfig& c) {
                                 c.head = "fc";
                                 c.headDropout = 0.3;
                             });
    QTest::newRow("step, exponential's gamma, milestones as separate words")
        << QStringList{"--schedule", "step",        "--step-epochs", "1",
                       "--gamma",    "0.3",         "--milestones",  "3",
                       "5",          "--optimizer", "adam"}
        << ConfigEdit([](TrainingConfig& c) {
               c.schedule = "step";
               c.stepEpochs = 1;
               c.gamma = 0.3;
               c.milestones = {3, 5};
               c.optimizer = "adam";
           });
}

void CliTrainFlagsTest::flagsReachTheRun()
{
    QFETCH(QStringList, flags);
    QFETCH(ConfigEdit, expected);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString runs = tmp.filePath("runs");
    const CliRun run = runCli(baseArguments(runs) + flags);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    TrainingConfig wanted = baseConfig(runs);
    expected(wanted);
    const TrainingConfig written = writtenConfig(runs);
    // The resolved preprocessing: IDX data normalises with its own figures, squashed to size.
    QVERIFY(written.preprocessing.has_value());
    QCOMPARE(QString::fromStdString(written.preprocessing->mode), QStringLiteral("dataset"));
    QCOMPARE(QString::fromStdString(written.preprocessing->resize), QStringLiteral("squash"));
    wanted.preprocessing = written.preprocessing;
    // "auto" resolves to the device the run used; a --device flag is obeyed.
    QVERIFY(written.device == "cpu" || written.device == "cuda");
    const qsizetype deviceFlag = flags.indexOf(QStringLiteral("--device"));
    if (deviceFlag >= 0)
        QCOMPARE(QString::fromStdString(written.device), flags.value(deviceFlag + 1));
    wanted.device = written.device;
    // The whole config: each flag set its own key and no other.
    QVERIFY2(written == wanted, qPrintable(QString::fromStdString("written:\n" + written.toJson() +
                                                                  "wanted:\n" + wanted.toJson())));
}

void CliTrainFlagsTest::flagsOverrideTheConfigFile()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString runs = tmp.filePath("runs");
    TrainingConfig file = baseConfig(runs);
    file.inputSize = 0;
    file.optimizer = "adam";
    file.learningRate = 0.003;
    file.schedule = "exponential";
    file.gamma = 0.9;
    file.labelSmoothing = 0.2;
    file.nesterov = true;
    file.decayNormAndBias = false;
    file.milestones = {4};
    file.weights = m_weights.toStdString();
    const QString path = tmp.filePath("config.json");
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QByteArray::fromStdString(file.toJson()));
    out.close();

    // `--weights ""` clears the file's weights: an empty value passes the file check.
    const CliRun run = runCli({"train", "--config", path, "--schedule", "step", "--no-nesterov",
                               "--decay-norm-bias", "--milestones", "1,3", "--weights", ""});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    TrainingConfig wanted = file;
    wanted.inputSize = 12;
    wanted.schedule = "step";
    wanted.nesterov = false;
    wanted.decayNormAndBias = true;
    wanted.milestones = {1, 3};
    wanted.weights.clear();
    const TrainingConfig written = writtenConfig(runs);
    QVERIFY(written.preprocessing.has_value());
    wanted.preprocessing = written.preprocessing;
    // "auto" resolves to the device the run used.
    QVERIFY(written.device == "cpu" || written.device == "cuda");
    wanted.device = written.device;
    QVERIFY2(written == wanted, qPrintable(QString::fromStdString("written:\n" + written.toJson() +
                                                                  "wanted:\n" + wanted.toJson())));
}

void CliTrainFlagsTest::badValues_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("--optimizer lbfgs")
        << QStringList{"--optimizer", "lbfgs"} << QStringList{"--optimizer", "adamw"};
    QTest::newRow("--schedule sawtooth")
        << QStringList{"--schedule", "sawtooth"} << QStringList{"--schedule", "onecycle"};
    QTest::newRow("--plateau-mode up")
        << QStringList{"--plateau-mode", "up"} << QStringList{"--plateau-mode"};
    QTest::newRow("--milestones 3,x")
        << QStringList{"--milestones", "3,x"} << QStringList{"--milestones"};
    QTest::newRow("--label-smoothing 1.5")
        << QStringList{"--label-smoothing", "1.5"} << QStringList{"labelSmoothing"};
    QTest::newRow("--warmup-epochs beyond the run")
        << QStringList{"--warmup-epochs", "3"} << QStringList{"warmupEpochs", "below epochs (2)"};
    QTest::newRow("--nesterov without momentum")
        << QStringList{"--nesterov", "--momentum", "0"} << QStringList{"nesterov", "momentum"};
    QTest::newRow("--milestones 5,2 under multistep")
        << QStringList{"--schedule", "multistep", "--milestones", "5,2"}
        << QStringList{"milestones", "increase"};
    QTest::newRow("--augment neither preset nor file")
        << QStringList{"--augment", "sparkle"} << QStringList{"--augment", "sparkle", "inception"};
    QTest::newRow("--val-fraction 0.95")
        << QStringList{"--val-fraction", "0.95"} << QStringList{"--val-fraction"};
    QTest::newRow("--early-stopping-metric val_top5")
        << QStringList{"--early-stopping-metric", "val_top5"}
        << QStringList{"--early-stopping-metric", "train_accuracy"};
    QTest::newRow("--device gpu") << QStringList{"--device", "gpu"}
                                  << QStringList{"--device", "cuda"};
    QTest::newRow("--head wide") << QStringList{"--head", "wide"} << QStringList{"--head", "avg"};
    QTest::newRow("--nan-policy ignore")
        << QStringList{"--nan-policy", "ignore"} << QStringList{"--nan-policy", "rollback"};
    QTest::newRow("--nan-lr-factor 2")
        << QStringList{"--nan-lr-factor", "2"} << QStringList{"nanLrFactor", "below 1"};
    // The range and the missing file: words only the flags' own checks print.
    QTest::newRow("--accumulate 0")
        << QStringList{"--accumulate", "0"} << QStringList{"--accumulate", "4096"};
    QTest::newRow("--weights that do not exist")
        << QStringList{"--weights", "no-such-weights.pt"}
        << QStringList{"--weights", "no-such-weights.pt", "does not exist"};
    QTest::newRow("--unfreeze-after without --freeze-up-to")
        << QStringList{"--unfreeze-after", "1"} << QStringList{"unfreezeAfterEpochs", "freezeUpTo"};
    QTest::newRow("--freeze-up-to a stage small-cnn lacks")
        << QStringList{"--freeze-up-to", "layer4"} << QStringList{"layer4", "features, classifier"};
    QTest::newRow("--validate-every 2 with early stopping on val_loss")
        << QStringList{"--validate-every", "2", "--early-stopping-patience", "2"}
        << QStringList{"validateEveryEpochs", "earlyStoppingMetric"};
    QTest::newRow("--class-weights for 2 of 4 classes")
        << QStringList{"--class-weights", "1,2"} << QStringList{"classWeights", "4 classes"};
}

void CliTrainFlagsTest::badValues()
{
    QFETCH(QStringList, flags);
    QFETCH(QStringList, mentions);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString runs = tmp.filePath("runs");
    const CliRun run = runCli(baseArguments(runs) + flags);
    QVERIFY2(run.exitCode == 2,
             qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
    for (const QString& part : mentions)
        QVERIFY2(run.err.contains(part), qPrintable(part + " not in: " + run.err));
    QVERIFY2(runDirectories(runs).isEmpty(), "a run directory was created");
}

void CliTrainFlagsTest::augmentationFromAFile()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    fovea::AugmentationSpec spec;
    spec.steps = {fovea::AugmentationStep::make("random_crop"),
                  fovea::AugmentationStep::make("cutout")};
    spec.steps[0].parameters["padding"] = 2;
    spec.steps[1].parameters["size"] = 5;
    spec.steps[1].probability = 0.5;
    const QString path = tmp.filePath("augment.json");
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QByteArray::fromStdString(spec.toJson()));
    out.close();
    const QString runs = tmp.filePath("runs");
    const CliRun run = runCli(baseArguments(runs) + QStringList{"--augment", path});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(writtenConfig(runs).augmentation == spec);
}

void CliTrainFlagsTest::badAugmentationFile()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString path = tmp.filePath("augment.json");
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(R"([{"kind": "horizontal_flip"}, {"kind": "affine", "rotate": 10}])");
    out.close();
    const QString runs = tmp.filePath("runs");
    const CliRun run = runCli(baseArguments(runs) + QStringList{"--augment", path});
    QCOMPARE(run.exitCode, 2);
    // The file, the step and the key at fault, and what is allowed instead.
    for (const QString& part : {path, QStringLiteral("step 2 (affine)"), QStringLiteral("'rotate'"),
                                QStringLiteral("rotation")})
        QVERIFY2(run.err.contains(part), qPrintable(part + " not in: " + run.err));
    QVERIFY(runDirectories(runs).isEmpty());
}

QTEST_GUILESS_MAIN(CliTrainFlagsTest)
#include "CliTrainFlagsTest.moc"
