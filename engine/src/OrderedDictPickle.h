#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fovea {

/// `pickle` (a protocol-2 pickle stream, as torch.save writes in its zip's data.pkl) with every
/// `collections.OrderedDict` rebuilt as a plain dict, so that libtorch 1.13's unpickler reads it.
///
/// Why: `torch.save(model.state_dict())` pickles an OrderedDict, and so are torchvision's
/// published weights. libtorch's unpickler turns `OrderedDict()` into None (it only expects one
/// as a tensor's empty backward hooks) and then fails on the items set into it.
///
/// How: the stream is walked opcode by opcode with a shadow stack and memo that know where each
/// value's opcodes begin. `OrderedDict` `()` REDUCE (with the class's GLOBAL or memo fetch)
/// becomes EMPTY_DICT, so the items that follow fill a plain dict in their order; the state a
/// BUILD gives such a dict (a state dict's `_metadata`: per-module version numbers) is cut out
/// with its BUILD, as libtorch cannot BUILD a dict. Pickle has no offsets, so cutting is safe;
/// a later memo fetch of anything cut out makes the stream unreadable to this rewrite.
///
/// Returns nullopt when the stream holds no OrderedDict, or holds something this walk does not
/// understand (an unknown opcode, an OrderedDict built from arguments, a truncated stream): the
/// caller then reports libtorch's own reading of the original.
std::optional<std::string> withPlainDicts(std::string_view pickle);

} // namespace fovea
