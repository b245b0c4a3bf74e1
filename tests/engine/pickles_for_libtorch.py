#!/usr/bin/python3
"""Pickles for PickleForLibtorchTest, and the check of their rewrites.

Usage:
  pickles_for_libtorch.py write DIR   writes DIR/<case>.pkl, each a protocol-2 pickle (what
                                      torch.save writes) with what libtorch 1.13 cannot read:
                                      OrderedDicts (with attributes, shared, nested), dicts of
                                      one item, lists of one element
  pickles_for_libtorch.py check DIR   for each DIR/<case>.pkl, loads DIR/<case>.rewritten.pkl
                                      and checks it equals the original with every OrderedDict
                                      turned into a plain dict (items in the same order, its
                                      attributes under ATTRIBUTES_KEY) and no OrderedDict left;
                                      prints one line per case, exits 1 on any difference
"""
import argparse
import collections
import copy
import os
import pickle
import pickletools
import sys

ATTRIBUTES_KEY = '__attributes__'  # kPickledAttributesKey
# The opcodes libtorch 1.13's unpickler reads (torch/csrc/jit/serialization/unpickler.cpp):
# no SETITEM, APPEND or POP, among others.
LIBTORCH_OPCODES = {
    'PROTO', 'EMPTY_LIST', 'EMPTY_TUPLE', 'BINPUT', 'LONG_BINPUT', 'MARK', 'NEWTRUE', 'NEWFALSE',
    'NONE', 'BININT1', 'BININT2', 'BININT', 'LONG1', 'BINUNICODE', 'BINFLOAT', 'TUPLE', 'TUPLE1',
    'TUPLE2', 'TUPLE3', 'EMPTY_DICT', 'APPENDS', 'LIST', 'DICT', 'SETITEMS', 'BINGET',
    'LONG_BINGET', 'STOP', 'GLOBAL', 'NEWOBJ', 'BUILD', 'REDUCE', 'BINPERSID'}


def state_dict_like():
    # What nn.Module.state_dict() returns: an OrderedDict with a _metadata attribute that is
    # itself an OrderedDict of per-module dicts of one item ({'version': 1}).
    sd = collections.OrderedDict([('conv.weight', [1.0, 2.0]), ('bn.running_mean', [0.5]),
                                  ('bn.num_batches_tracked', 7)])
    sd._metadata = collections.OrderedDict([('', {'version': 1}), ('bn', {'version': 2})])
    return sd


def cases():
    shared = collections.OrderedDict(z=1, a=2)  # the same object twice: a memo fetch
    sd = state_dict_like()
    return {
        'flat': collections.OrderedDict([('b', 1), ('a', 2), ('c', 3)]),
        'state_dict': sd,
        'nested': {'model': state_dict_like(), 'epoch': 3,
                   'history': [collections.OrderedDict(loss=0.5), collections.OrderedDict()]},
        'shared': {'first': shared, 'second': shared, 'tuple': (shared, 'text')},
        # over 1000 items: the pickler writes SETITEMS in batches of 1000, the last of one item
        'large': collections.OrderedDict((f'key{i}', i) for i in range(1001)),
        # a timm / EMA checkpoint: strings of the first _metadata ('', 'version') fetched again
        'checkpoint': {'epoch': 3, 'arch': 'resnet18', 'state_dict': sd, 'version': 2,
                       'state_dict_ema': copy.deepcopy(sd), 'args': {'resume': ''}},
        # torchvision's reference training scripts: the weights under 'model', the settings an
        # argparse.Namespace (an ordinary object, pickled with NEWOBJ and BUILD)
        'reference_script': {'model': sd, 'epoch': 3,
                             'args': argparse.Namespace(lr=0.1, name='run', sizes=[224])},
        # an SGD optimiser's state dict: dicts of one item, a list of one parameter group
        'optimiser': {'state': {0: {'momentum_buffer': [0.1]}},
                      'param_groups': [{'lr': 0.1, 'params': [0]}]},
    }


def plain(value):
    """value as the rewrite means it: OrderedDicts and objects as dicts, attributes under the
    key."""
    if isinstance(value, argparse.Namespace):
        return {ATTRIBUTES_KEY: plain(dict(vars(value)))}
    if isinstance(value, dict):
        result = {k: plain(v) for k, v in value.items()}
        if isinstance(value, collections.OrderedDict) and vars(value):
            result[ATTRIBUTES_KEY] = plain(dict(vars(value)))
        return result
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    return value


def shape(value):
    """value with every dict as its items in order, so == compares order too."""
    if isinstance(value, dict):
        return ('dict', [(k, shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [shape(v) for v in value]
    if isinstance(value, tuple):
        return tuple(shape(v) for v in value)
    return value


def has_ordered_dict(value):
    if isinstance(value, collections.OrderedDict):
        return True
    if isinstance(value, dict):
        return any(has_ordered_dict(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(has_ordered_dict(v) for v in value)
    return False


def main():
    mode, folder = sys.argv[1], sys.argv[2]
    failed = False
    for name, value in cases().items():
        path = os.path.join(folder, name + '.pkl')
        if mode == 'write':
            with open(path, 'wb') as f:
                pickle.dump(value, f, protocol=2)
            continue
        with open(os.path.join(folder, name + '.rewritten.pkl'), 'rb') as f:
            data = f.read()
        rewritten = pickle.loads(data)
        same = shape(plain(value)) == shape(rewritten)
        ordered = has_ordered_dict(rewritten)
        unread = {op.name for op, _, _ in pickletools.genops(data)} - LIBTORCH_OPCODES
        print(f'{name}: {"equal" if same else "DIFFERENT"}, '
              f'{"OrderedDict left" if ordered else "plain dicts only"}, '
              f'{"opcodes libtorch lacks: " + ", ".join(sorted(unread)) if unread else "libtorch opcodes only"}')
        failed = failed or not same or ordered or bool(unread)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
