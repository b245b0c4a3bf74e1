#!/usr/bin/python3
"""Reference weights and outputs from torchvision, for Fovea's reference tests.

Usage: torchvision_reference.py OUT_DIR CASE [CASE ...]
A CASE is ARCH[:aux][:train][@SIZE], e.g. resnet18, googlenet:aux:train, inception_v3:aux@299.
For each case it writes OUT_DIR/<case with ":" and "@" as "-">/:
  weights.pt  the state dict exactly as torchvision users save it: torch.save(model.state_dict())
              (an OrderedDict with its _metadata, zip format)
  input.pt    the input batch (2 x 3 x SIZE x SIZE, seed 0)
  output.pt   eval-mode logits
and for :train cases also, with every Dropout at p=0 and the model in training mode:
  loss.pt     cross-entropy of the main logits (+ 0.3 per GoogLeNet aux head, + 0.4 for
              Inception v3's) against labels.pt
  labels.pt   the labels
  grad.pt     the gradient of the first convolution's weight
  loss-nhwc.pt, grad-nhwc.pt  the same with weights and input in channels-last memory format:
              float32 kernels of the two layouts round differently, and at a ReLU whose input
              is within rounding of zero (GoogLeNet and Inception v3 at this seed have several)
              that difference opens or closes the ReLU and train-mode batch norm spreads it to
              every gradient upstream; in float64 the layouts agree to 1e-13. Fovea compares
              with the pass in the layout it trains in.
Also: `verify-export ARCH WEIGHTS INPUT OUT` loads a state dict written by Fovea into the
torchvision model with strict=True and writes its eval-mode logits for INPUT to OUT.
"""
import os
import sys

import torch
import torchvision

FIRST_CONV = {'googlenet': 'conv1.conv.weight', 'inception_v3': 'Conv2d_1a_3x3.conv.weight'}


def build(arch, aux, num_classes=1000):
    kwargs = {}
    if arch in ('googlenet', 'inception_v3'):
        kwargs = {'aux_logits': aux, 'init_weights': True, 'transform_input': False}
    return getattr(torchvision.models, arch)(num_classes=num_classes, **kwargs)


def plain(state_dict):
    return {k: v.detach().cpu().clone() for k, v in state_dict.items()}


def first_conv_name(arch, model):
    if arch in FIRST_CONV:
        return FIRST_CONV[arch]
    return next(k for k, v in model.state_dict().items() if v.dim() == 4)


def make_case(out_dir, case):
    spec, _, size = case.partition('@')
    arch, *flags = spec.split(':')
    aux, train = 'aux' in flags, 'train' in flags
    size = int(size) if size else 64
    folder = os.path.join(out_dir, case.replace(':', '-').replace('@', '-'))
    os.makedirs(folder, exist_ok=True)
    torch.manual_seed(0)
    model = build(arch, aux)
    initial = plain(model.state_dict())
    torch.save(model.state_dict(), os.path.join(folder, 'weights.pt'))
    x = torch.randn(2, 3, size, size)
    torch.save(x, os.path.join(folder, 'input.pt'))
    model.eval()
    with torch.no_grad():
        torch.save(model(x), os.path.join(folder, 'output.pt'))
    if train:
        labels = torch.tensor([3, 7])
        torch.save(labels, os.path.join(folder, 'labels.pt'))
        for suffix, layout in (('', torch.contiguous_format), ('-nhwc', torch.channels_last)):
            model = build(arch, aux)
            model.load_state_dict(initial)
            for module in model.modules():
                if isinstance(module, torch.nn.Dropout):
                    module.p = 0.0
            model = model.to(memory_format=layout)
            model.train()
            out = model(x.contiguous(memory_format=layout))
            ce = torch.nn.functional.cross_entropy
            if arch == 'googlenet' and aux:
                loss = ce(out.logits, labels) + 0.3 * (ce(out.aux_logits1, labels) + ce(out.aux_logits2, labels))
            elif arch == 'inception_v3' and aux:
                loss = ce(out.logits, labels) + 0.4 * ce(out.aux_logits, labels)
            else:
                loss = ce(out, labels)
            loss.backward()
            conv = dict(model.named_parameters())[first_conv_name(arch, model)]
            torch.save(loss.detach(), os.path.join(folder, 'loss' + suffix + '.pt'))
            torch.save(conv.grad.detach().contiguous().clone(), os.path.join(folder, 'grad' + suffix + '.pt'))


def verify_export(arch, weights, input_path, out_path):
    state = torch.load(weights)
    classes = next(v.shape[0] for k, v in state.items() if k.endswith('fc.weight') or k == 'fc.weight')
    model = build(arch, False, classes)
    model.load_state_dict(state, strict=True)
    model.eval()
    with torch.no_grad():
        torch.save(model(torch.load(input_path)), out_path)


if __name__ == '__main__':
    torch.set_num_threads(1)
    if sys.argv[1] == 'verify-export':
        verify_export(*sys.argv[2:6])
    else:
        for c in sys.argv[2:]:
            make_case(sys.argv[1], c)
