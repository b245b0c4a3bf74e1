#!/usr/bin/python3
"""PyTorch's own learning-rate schedulers, optimisers and loss, for Fovea's training tests.

Usage: training_reference.py MODE < request.json > answer.json
The request names the cases with Fovea's config keys (flat, camelCase); this script maps them
onto torch.optim and torch.nn.functional the way a PyTorch user would, independently of Fovea's
C++ code. Floats are written with repr(), so they round-trip exactly.

MODE schedules  {"cases": [{"name", "config", "stepsPerEpoch"}]}
                -> {name: [lr of every optimiser step]}
MODE plateau    {"cases": [{"name", "config", "metrics": [one value per epoch]}]}
                -> {name: [lr after each epoch's ReduceLROnPlateau.step(metric)]}
MODE optimizers {"seed", "steps", "cases": [{"name", "config", "rates": [lr per step]}]}
                -> {"initial": PARAMS, "grads": [PARAMS per step], "final": {name: PARAMS}}
                PARAMS: [{"name", "shape", "values"}] in float64; the gradients are fixed.
MODE loss       {"seed", "batch", "classes", "cases": [{"name", "labelSmoothing", "weighted"}]}
                -> {"logits", "targets", "weights", "losses": {name: value}}
"""
import json
import math
import sys
import warnings

import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler

# The parameters an optimiser case updates: matrices and 4-D kernels (decayed), and 1-D
# biases and batch-norm weights (not decayed when decayNormAndBias is false).
SHAPES = [('conv.weight', [2, 1, 2, 2]), ('bn.weight', [2]), ('bn.bias', [2]),
          ('fc.weight', [3, 4]), ('fc.bias', [3])]

# The per-epoch schedulers are stepped once per epoch, the others once per optimiser step.
PER_EPOCH = {'constant', 'step', 'multistep', 'exponential'}


def dummy_optimizer(lr):
    return torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr)


def make_scheduler(config, optimizer, steps_per_epoch):
    kind = config['schedule']
    total = config['epochs'] * steps_per_epoch
    if kind == 'constant':
        return lr_scheduler.LambdaLR(optimizer, lambda epoch: 1.0)
    if kind == 'step':
        return lr_scheduler.StepLR(optimizer, step_size=config['stepEpochs'],
                                   gamma=config['gamma'])
    if kind == 'multistep':
        return lr_scheduler.MultiStepLR(optimizer, milestones=config['milestones'],
                                        gamma=config['gamma'])
    if kind == 'exponential':
        return lr_scheduler.ExponentialLR(optimizer, gamma=config['gamma'])
    if kind == 'cosine':
        warmup = int(math.floor(config.get('warmupEpochs', 0.0) * steps_per_epoch + 0.5))
        cosine = lr_scheduler.CosineAnnealingLR(optimizer, T_max=total - warmup,
                                                eta_min=config.get('minLearningRate', 0.0))
        if warmup == 0:
            return cosine
        # Built after the cosine so that LinearLR's start factor is what the optimiser sees.
        linear = lr_scheduler.LinearLR(optimizer, start_factor=1.0 / (warmup + 1),
                                       end_factor=1.0, total_iters=warmup)
        return lr_scheduler.SequentialLR(optimizer, [linear, cosine], milestones=[warmup])
    if kind == 'onecycle':
        return lr_scheduler.OneCycleLR(optimizer, max_lr=config['learningRate'],
                                       total_steps=total,
                                       pct_start=config['oneCyclePctStart'],
                                       div_factor=config['oneCycleDivFactor'],
                                       final_div_factor=config['oneCycleFinalDivFactor'],
                                       anneal_strategy='cos', cycle_momentum=False)
    raise ValueError('no PyTorch scheduler for ' + kind)


def schedule_curve(config, steps_per_epoch):
    optimizer = dummy_optimizer(config['learningRate'])
    scheduler = make_scheduler(config, optimizer, steps_per_epoch)
    per_epoch = config['schedule'] in PER_EPOCH
    curve = []
    for _ in range(config['epochs']):
        for _ in range(steps_per_epoch):
            curve.append(optimizer.param_groups[0]['lr'])
            optimizer.step()
            if not per_epoch and len(curve) < config['epochs'] * steps_per_epoch:
                scheduler.step()  # OneCycleLR refuses a step past its last
        if per_epoch:
            scheduler.step()
    return curve


def plateau_rates(config, metrics):
    optimizer = dummy_optimizer(config['learningRate'])
    mode = config.get('plateauMode', 'auto')
    if mode == 'auto':
        mode = 'max' if 'accuracy' in config.get('plateauMetric', 'val_loss') else 'min'
    scheduler = lr_scheduler.ReduceLROnPlateau(
        optimizer, mode=mode, factor=config['plateauFactor'],
        patience=config['plateauPatience'], threshold=config['plateauThreshold'],
        threshold_mode=config['plateauThresholdMode'], cooldown=config['plateauCooldown'],
        min_lr=config.get('minLearningRate', 0.0))
    rates = []
    for value in metrics:
        scheduler.step(value)
        rates.append(optimizer.param_groups[0]['lr'])
    return rates


def as_params(tensors):
    return [{'name': name, 'shape': list(t.shape), 'values': t.flatten().tolist()}
            for (name, _), t in zip(SHAPES, tensors)]


def make_optimizer(config, params):
    decay_all = config.get('decayNormAndBias', True)
    decayed = [p for p in params if decay_all or p.dim() > 1]
    groups = [{'params': decayed}]
    if len(decayed) < len(params):
        groups.append({'params': [p for p in params if not (decay_all or p.dim() > 1)],
                       'weight_decay': 0.0})
    lr = config['learningRate']
    wd = config.get('weightDecay', 0.0)
    kind = config['optimizer']
    if kind == 'sgd':
        return torch.optim.SGD(groups, lr=lr, momentum=config.get('momentum', 0.0),
                               nesterov=config.get('nesterov', False), weight_decay=wd)
    if kind == 'rmsprop':
        return torch.optim.RMSprop(groups, lr=lr, alpha=config['rmspropAlpha'],
                                   eps=config['rmspropEps'],
                                   momentum=config.get('momentum', 0.0), weight_decay=wd)
    betas = (config['adamBeta1'], config['adamBeta2'])
    if kind == 'adam':
        return torch.optim.Adam(groups, lr=lr, betas=betas, eps=config['adamEps'],
                                weight_decay=wd)
    if kind == 'adamw':
        return torch.optim.AdamW(groups, lr=lr, betas=betas, eps=config['adamEps'],
                                 weight_decay=wd)
    raise ValueError('unknown optimizer ' + kind)


def optimizer_answer(request):
    generator = torch.Generator().manual_seed(request['seed'])
    randn = lambda shape: torch.randn(shape, generator=generator, dtype=torch.float64)
    initial = [randn(shape) for _, shape in SHAPES]
    grads = [[randn(shape) for _, shape in SHAPES] for _ in range(request['steps'])]
    final = {}
    for case in request['cases']:
        params = [t.clone().requires_grad_(True) for t in initial]
        optimizer = make_optimizer(case['config'], params)
        for step, rate in enumerate(case['rates']):
            for group in optimizer.param_groups:
                group['lr'] = rate
            for p, g in zip(params, grads[step]):
                p.grad = g.clone()
            optimizer.step()
        final[case['name']] = as_params([p.detach() for p in params])
    return {'initial': as_params(initial), 'grads': [as_params(g) for g in grads],
            'final': final}


def loss_answer(request):
    generator = torch.Generator().manual_seed(request['seed'])
    batch, classes = request['batch'], request['classes']
    logits = 3.0 * torch.randn(batch, classes, generator=generator, dtype=torch.float64)
    targets = torch.randint(0, classes, (batch,), generator=generator)
    weights = 0.2 + torch.rand(classes, generator=generator, dtype=torch.float64)
    losses = {}
    for case in request['cases']:
        weight = weights if case['weighted'] else None
        losses[case['name']] = F.cross_entropy(logits, targets, weight=weight,
                                               label_smoothing=case['labelSmoothing']).item()
    return {'logits': logits.flatten().tolist(), 'targets': targets.tolist(),
            'weights': weights.tolist(), 'losses': losses}


def main():
    mode = sys.argv[1]
    request = json.load(sys.stdin)
    torch.set_default_dtype(torch.float64)
    # SequentialLR steps its schedulers with an explicit epoch, which warns; the curve is right.
    warnings.simplefilter('ignore', UserWarning)
    if mode == 'schedules':
        answer = {c['name']: schedule_curve(c['config'], c['stepsPerEpoch'])
                  for c in request['cases']}
    elif mode == 'plateau':
        answer = {c['name']: plateau_rates(c['config'], c['metrics']) for c in request['cases']}
    elif mode == 'optimizers':
        answer = optimizer_answer(request)
    elif mode == 'loss':
        answer = loss_answer(request)
    else:
        raise SystemExit('unknown mode ' + mode)
    json.dump(answer, sys.stdout)


if __name__ == '__main__':
    main()
