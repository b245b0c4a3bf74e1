#!/usr/bin/python3
"""Pickles with OrderedDicts for OrderedDictPickleTest, and the check of their rewrites.

Usage:
  ordered_dict_pickles.py write DIR   writes DIR/<case>.pkl, each a protocol-2 pickle (what
                                      torch.save writes) holding OrderedDicts
  ordered_dict_pickles.py check DIR   for each DIR/<case>.pkl, loads DIR/<case>.rewritten.pkl
                                      and checks it equals the original with every OrderedDict
                                      turned into a plain dict (items in the same order) and no
                                      OrderedDict left; prints one line per case, exits 1 on any
                                      difference
"""
import collections
import os
import pickle
import sys


def state_dict_like():
    # What nn.Module.state_dict() returns: an OrderedDict with a _metadata attribute that is
    # itself an OrderedDict of per-module dicts.
    sd = collections.OrderedDict([('conv.weight', [1.0, 2.0]), ('bn.running_mean', [0.5]),
                                  ('bn.num_batches_tracked', 7)])
    sd._metadata = collections.OrderedDict([('', {'version': 1}), ('bn', {'version': 2})])
    return sd


def cases():
    shared = collections.OrderedDict(z=1, a=2)  # the same object twice: a memo fetch
    return {
        'flat': collections.OrderedDict([('b', 1), ('a', 2), ('c', 3)]),
        'state_dict': state_dict_like(),
        'nested': {'model': state_dict_like(), 'epoch': 3,
                   'history': [collections.OrderedDict(loss=0.5), collections.OrderedDict()]},
        'shared': {'first': shared, 'second': shared, 'tuple': (shared, 'text')},
        # over 1000 items: the pickler writes SETITEMS in batches of 1000
        'large': collections.OrderedDict((f'key{i}', i) for i in range(2500)),
    }


def shape(value):
    """value with every dict (ordered or not) as its items in order, so == compares order too."""
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
            rewritten = pickle.load(f)
        same = shape(value) == shape(rewritten)
        ordered = has_ordered_dict(rewritten)
        print(f'{name}: {"equal" if same else "DIFFERENT"}, '
              f'{"OrderedDict left" if ordered else "plain dicts only"}')
        failed = failed or not same or ordered
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
