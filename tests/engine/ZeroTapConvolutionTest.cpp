// convolveSkippingZeroTaps (ResNet.cpp): where a 3×3 convolution's output is one pixel it is
// computed as a matrix product of the taps that meet the picture. It must equal the padded
// convolution (output, input and weight gradients) in both memory layouts, take the short path
// exactly where it applies (seen in the autograd graph: the convolution's weight is a slice of
// the layer's, not the layer's own), and fall back everywhere else.
#include "ReferenceTensors.h"
#include "models/ResNet.h"

#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/function.h>
#include <torch/nn/modules/conv.h>
#include <torch/types.h>

#include <QObject>
#include <QTest>

#include <string>

using fovea::testing::relativeDifference;

class ZeroTapConvolutionTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesThePaddedConvolution_data();
    void matchesThePaddedConvolution();
};

void ZeroTapConvolutionTest::matchesThePaddedConvolution_data()
{
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("groups");
    QTest::addColumn<bool>("circular");
    QTest::addColumn<bool>("shortPath");
    QTest::newRow("1x1, stride 1") << 1 << 1 << 1 << 1 << false << true;
    QTest::newRow("2x2, stride 2") << 2 << 2 << 2 << 1 << false << true;
    QTest::newRow("1x2, stride 2") << 1 << 2 << 2 << 1 << false << true;
    QTest::newRow("2x1, stride 2") << 2 << 1 << 2 << 1 << false << true;
    QTest::newRow("1x1, stride 2") << 1 << 1 << 2 << 1 << false << true;
    QTest::newRow("2x2, stride 1: 2x2 out") << 2 << 2 << 1 << 1 << false << false;
    QTest::newRow("3x3, stride 2: 2x2 out") << 3 << 3 << 2 << 1 << false << false;
    QTest::newRow("1x3, stride 2: 1x2 out") << 1 << 3 << 2 << 1 << false << false;
    QTest::newRow("1x1, grouped") << 1 << 1 << 1 << 4 << false << false;
    QTest::newRow("1x1, circular padding") << 1 << 1 << 1 << 1 << true << false;
}

void ZeroTapConvolutionTest::matchesThePaddedConvolution()
{
    QFETCH(int, height);
    QFETCH(int, width);
    QFETCH(int, stride);
    QFETCH(int, groups);
    QFETCH(bool, circular);
    QFETCH(bool, shortPath);
    torch::manual_seed(3);
    for (const bool channelsLast : {false, true}) {
        auto options =
            torch::nn::Conv2dOptions(16, 24, 3).stride(stride).padding(1).groups(groups).bias(
                false);
        if (circular)
            options.padding_mode(torch::kCircular);
        torch::nn::Conv2d conv(options);
        const auto layout =
            channelsLast ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
        conv->weight.set_data(conv->weight.contiguous(layout));
        const torch::Tensor input =
            torch::randn({5, 16, height, width}).contiguous(layout).requires_grad_(true);
        const torch::Tensor upstream = torch::randn({5, 24, 1, 1});

        const torch::Tensor expected = conv->forward(input);
        const auto [expectedInputGrad, expectedWeightGrad] = [&] {
            const auto grads = torch::autograd::grad({expected}, {input, conv->weight},
                                                     {upstream.expand_as(expected).contiguous()});
            return std::make_pair(grads[0], grads[1]);
        }();

        const torch::Tensor actual = fovea::convolveSkippingZeroTaps(conv, input);
        QCOMPARE(actual.sizes().vec(), expected.sizes().vec());
        const std::string weightNode = actual.grad_fn()->next_edges().at(1).function->name();
        QVERIFY2((weightNode.find("AccumulateGrad") == std::string::npos) == shortPath,
                 weightNode.c_str());
        const auto grads = torch::autograd::grad({actual}, {input, conv->weight},
                                                 {upstream.expand_as(actual).contiguous()});
        QVERIFY(relativeDifference(actual, expected) < 1e-5);
        QVERIFY(relativeDifference(grads[0], expectedInputGrad) < 1e-5);
        QVERIFY(relativeDifference(grads[1], expectedWeightGrad) < 1e-5);
    }
}

QTEST_GUILESS_MAIN(ZeroTapConvolutionTest)
#include "ZeroTapConvolutionTest.moc"
