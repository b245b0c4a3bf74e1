#!/usr/bin/python3
"""Reference weights and outputs for Fovea's ResNet-9, written out in PyTorch from Page's
description ("How to train your ResNet", Myrtle.ai 2018; torchvision has no ResNet-9).

Usage: resnet9_reference.py OUT_DIR WIDTH SIZE
Builds the network with prep WIDTH channels (64: Page's) and 10 classes, seed 0, with random
batch-norm statistics and affine parameters (so an eval pass that skipped or misplaced a batch
norm could not agree by chance), and writes to OUT_DIR:
  weights.pt          plain dict of the state dict (zip format; what Fovea imports)
  input.pt            the input batch (4 x 3 x SIZE x SIZE)
  output.pt           eval-mode logits
  labels.pt           labels for the training pass
  loss.pt, grad.pt    training-mode cross-entropy and the gradient of the first convolution
  loss-nhwc.pt, grad-nhwc.pt  the same with weights and input channels-last (see
                      torchvision_reference.py: float32 kernels of the two layouts round apart)
  loss-bf16-nhwc.pt   the channels-last training loss under torch.autocast('cpu', bfloat16)
"""
import os
import sys

import torch
from torch import nn


def conv_bn_relu(inputs, outputs):
    return [nn.Conv2d(inputs, outputs, 3, padding=1, bias=False), nn.BatchNorm2d(outputs),
            nn.ReLU(inplace=True)]


class Stage(nn.Module):
    def __init__(self, inputs, outputs, residual):
        super().__init__()
        self.conv = nn.Sequential(*conv_bn_relu(inputs, outputs), nn.MaxPool2d(2))
        self.res = nn.Sequential(*conv_bn_relu(outputs, outputs),
                                 *conv_bn_relu(outputs, outputs)) if residual else None

    def forward(self, x):
        x = self.conv(x)
        return x + self.res(x) if self.res is not None else x


class ResNet9(nn.Module):
    def __init__(self, width, classes):
        super().__init__()
        self.prep = nn.Sequential(*conv_bn_relu(3, width))
        self.layer1 = Stage(width, 2 * width, True)
        self.layer2 = Stage(2 * width, 4 * width, False)
        self.layer3 = Stage(4 * width, 8 * width, True)
        self.classifier = nn.Sequential(nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Dropout(0.0),
                                        nn.Linear(8 * width, classes))

    def forward(self, x):
        return self.classifier(self.layer3(self.layer2(self.layer1(self.prep(x)))))


def main(out_dir, width, size):
    torch.manual_seed(0)
    model = ResNet9(width, 10)
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.2, 0.2)
    initial = {k: v.detach().clone() for k, v in model.state_dict().items()}
    torch.save(initial, os.path.join(out_dir, 'weights.pt'))
    x = torch.randn(4, 3, size, size)
    torch.save(x, os.path.join(out_dir, 'input.pt'))
    model.eval()
    with torch.no_grad():
        torch.save(model(x), os.path.join(out_dir, 'output.pt'))
    labels = torch.tensor([3, 7, 0, 9])
    torch.save(labels, os.path.join(out_dir, 'labels.pt'))
    for suffix, layout in (('', torch.contiguous_format), ('-nhwc', torch.channels_last)):
        model = ResNet9(width, 10)
        model.load_state_dict(initial)
        model = model.to(memory_format=layout).train()
        loss = nn.functional.cross_entropy(model(x.contiguous(memory_format=layout)), labels)
        loss.backward()
        torch.save(loss.detach(), os.path.join(out_dir, 'loss' + suffix + '.pt'))
        torch.save(model.prep[0].weight.grad.detach().contiguous().clone(),
                   os.path.join(out_dir, 'grad' + suffix + '.pt'))
    model = ResNet9(width, 10)
    model.load_state_dict(initial)
    model = model.to(memory_format=torch.channels_last).train()
    with torch.autocast('cpu', dtype=torch.bfloat16):
        logits = model(x.contiguous(memory_format=torch.channels_last))
    loss = nn.functional.cross_entropy(logits.float(), labels)
    torch.save(loss.detach(), os.path.join(out_dir, 'loss-bf16-nhwc.pt'))


if __name__ == '__main__':
    torch.set_num_threads(1)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
