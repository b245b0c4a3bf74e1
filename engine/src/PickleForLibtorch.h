#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fovea {

/// The key under which an object's attributes land in the plain dict readableByLibtorch()
/// makes of it: a state dict's `_metadata` (per-module version numbers), an argparse.Namespace's
/// settings. Readers of state dicts pass over it.
inline constexpr std::string_view kPickledAttributesKey = "__attributes__";

/// `pickle` (a protocol-2 pickle stream, as torch.save writes in its zip's data.pkl) rewritten
/// into the opcodes libtorch 1.13's unpickler reads, meaning the same values.
///
/// Why: `torch.save(model.state_dict())` pickles an OrderedDict, as do torchvision's weights
/// and every training checkpoint. libtorch's unpickler turns `OrderedDict()` into None (it only
/// expects one as a tensor's empty backward hooks) and then fails on the items set into it. It
/// also lacks SETITEM and APPEND, which Python writes for a dict of one item (or 1 001, …) and
/// a list of one (an optimiser's single parameter group), and cannot make Python objects (the
/// argparse.Namespace of torchvision's and timm's training checkpoints).
///
/// How: the stream is walked opcode by opcode with a shadow stack and memo that know where each
/// value's opcodes begin.
/// - `OrderedDict` `()` REDUCE (with the class's GLOBAL or memo fetch) becomes EMPTY_DICT, so
///   the items that follow fill a plain dict in their order; so does `SomeClass` `()` NEWOBJ,
///   how Python pickles an ordinary object of a class libtorch does not know.
/// - The BUILD that gives such a dict its attributes becomes SETITEMS under
///   kPickledAttributesKey (a MARK and the key go in before the attributes).
/// - SETITEM and APPEND become SETITEMS and APPENDS (a MARK goes in before the item).
/// Pickle has no offsets, so bytes can go in and out; memo entries keep their numbers.
///
/// Returns nullopt when nothing needs rewriting, or when the stream holds something this walk
/// does not understand (an unknown opcode, an object built from arguments, such a class used
/// other than by being called, a truncated stream): the caller then gives the original to libtorch,
/// which reads it or says why not.
std::optional<std::string> readableByLibtorch(std::string_view pickle);

} // namespace fovea
