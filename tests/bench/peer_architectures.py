#!/usr/bin/python3
"""Peer for tests/bench/ArchitectureBench.cpp: the same measurement with torchvision.

Usage: peer_architectures.py --arch NAME [--mode eval|train] [--batch 32] [--size PX]
                             [--iters 5] [--warmup 2] [--threads N]
"""
import argparse
import time

import torch
import torchvision

p = argparse.ArgumentParser()
p.add_argument('--arch', required=True); p.add_argument('--mode', default='eval')
p.add_argument('--batch', type=int, default=32); p.add_argument('--size', type=int, default=224)
p.add_argument('--iters', type=int, default=5); p.add_argument('--warmup', type=int, default=2)
p.add_argument('--threads', type=int, default=2)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
kw = {'aux_logits': False, 'init_weights': True} if a.arch in ('googlenet', 'inception_v3') else {}
model = getattr(torchvision.models, a.arch)(**kw)
x = torch.randn(a.batch, 3, a.size, a.size)
y = torch.randint(0, 1000, (a.batch,))
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
train = a.mode == 'train'
model.train(train)
for i in range(a.warmup + a.iters):
    if i == a.warmup:
        t0 = time.perf_counter()
    if train:
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    else:
        with torch.no_grad():
            model(x)
dt = time.perf_counter() - t0
print(f'torchvision {a.arch} {a.mode} batch={a.batch} size={a.size} threads={a.threads}: '
      f'{a.batch * a.iters / dt:.2f} images/s')
