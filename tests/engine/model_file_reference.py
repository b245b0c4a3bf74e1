#!/usr/bin/python3
"""Reads Fovea's files with PyTorch and torchvision alone, as a user's script would.

Usage:
  model_file_reference.py model-file PATH
      torch.load(PATH) must give a plain dict; its metadata is printed, and when the
      architecture is torchvision's, d["state_dict"] goes into torchvision's network with
      strict=True and its eval-mode logits for a fixed input are printed with the input.
  model_file_reference.py state-dict PATH ARCH NUM_CLASSES
      torch.load(PATH) must give a plain dict of tensors that torchvision's ARCH with
      NUM_CLASSES outputs takes with strict=True; prints the number of keys and the logits.
Prints one JSON object on standard output; exits non-zero (with the reason on standard error)
when a step fails.
"""
import json
import sys

import torch
import torchvision


def logits_for(arch, num_classes, state_dict):
    model = getattr(torchvision.models, arch)(num_classes=num_classes)
    model.load_state_dict(state_dict, strict=True)
    model.eval()
    torch.manual_seed(0)
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        y = model(x)
    return x, y


def model_file(path):
    d = torch.load(path)
    assert type(d) is dict, f'{path} holds a {type(d).__name__}, not a dict'
    sd = d['state_dict']
    assert type(sd) is dict and all(isinstance(v, torch.Tensor) for v in sd.values())
    answer = {k: d[k] for k in d if k != 'state_dict'}
    answer['keys'] = list(d.keys())
    answer['state_dict_keys'] = len(sd)
    answer['contiguous'] = all(v.is_contiguous() for v in sd.values())
    arch = d['architecture']
    if hasattr(torchvision.models, arch) and d['model_options']['head'] == 'default':
        x, y = logits_for(arch, len(d['class_names']), sd)
        answer['input'] = x.flatten().tolist()
        answer['logits'] = y.tolist()
    print(json.dumps(answer))


def state_dict(path, arch, num_classes):
    sd = torch.load(path)
    assert type(sd) is dict, f'{path} holds a {type(sd).__name__}, not a dict'
    x, y = logits_for(arch, int(num_classes), sd)
    print(json.dumps({'keys': len(sd), 'input': x.flatten().tolist(), 'logits': y.tolist()}))


if __name__ == '__main__':
    mode, *args = sys.argv[1:]
    {'model-file': model_file, 'state-dict': state_dict}[mode](*args)
