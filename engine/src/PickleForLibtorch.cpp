#include "PickleForLibtorch.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace fovea {
namespace {

/// What a stack slot or memo entry holds, as far as the rewrite cares.
/// OrderedDictClass and ObjectClass: classes whose instances become plain dicts (an
/// OrderedDict made by REDUCE, an ordinary Python object made by NEWOBJ); PlainDict: such an
/// instance.
enum class Slot { Other, Mark, OrderedDictClass, ObjectClass, PlainDict };

/// Whether a class is one libtorch resolves itself (tensors, storages, its own pickler's
/// helpers, complex numbers). Objects of any other class it cannot make.
bool libtorchKnows(std::string_view module)
{
    return module == "torch" || module.substr(0, 6) == "torch." ||
           module.substr(0, 9) == "__torch__" || module == "builtins" || module == "collections";
}

bool isRewrittenClass(Slot slot)
{
    return slot == Slot::OrderedDictClass || slot == Slot::ObjectClass;
}

/// A stack entry: what it holds and where the opcodes that produced it begin. Pickle is
/// postfix, so while an entry is on top, the bytes from `begin` to the current opcode are
/// exactly the ones that built it.
struct Entry {
    Slot slot;
    std::size_t begin;
};

/// A memo entry: what was stored, and where the PUT that stored it sits.
struct MemoEntry {
    Slot slot;
    std::size_t putAt;
};

/// Bytes [begin, end) of the input replaced by `replacement` (begin == end: an insertion).
struct Edit {
    std::size_t begin;
    std::size_t end;
    std::string replacement;
};

/// MARK, then the BINUNICODE opcode pushing kPickledAttributesKey.
std::string markAndAttributesKey()
{
    std::string bytes = "(X";
    const auto length = static_cast<std::uint32_t>(kPickledAttributesKey.size());
    for (int shift = 0; shift < 32; shift += 8)
        bytes += static_cast<char>((length >> shift) & 0xff);
    bytes += kPickledAttributesKey;
    return bytes;
}

/// A failed walk: the stream is not one this rewrite understands.
struct Unreadable {};

/// Walks a pickle stream with a shadow stack and memo and records the edits that make it
/// readable by libtorch (see readableByLibtorch()). Opcodes of protocols 0–3 are known;
/// anything newer is Unreadable (torch.save writes protocol 2, the only one libtorch reads).
class LibtorchPickleRewriter {
public:
    explicit LibtorchPickleRewriter(std::string_view pickle)
        : m_in(pickle)
    {
    }

    std::optional<std::string> run()
    {
        try {
            while (step()) {
            }
        } catch (const Unreadable&) {
            return std::nullopt;
        } catch (const std::logic_error&) { // a GET or PUT whose memo id is not a number
            return std::nullopt;
        }
        if (m_edits.empty())
            return std::nullopt;
        // By position; an insertion goes before a replacement that begins where it is.
        std::stable_sort(m_edits.begin(), m_edits.end(), [](const Edit& a, const Edit& b) {
            return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
        });
        std::string out;
        out.reserve(m_in.size() + m_edits.size());
        std::size_t copied = 0;
        for (const Edit& edit : m_edits) {
            if (edit.begin < copied) // overlapping edits: not a stream this walk understands
                return std::nullopt;
            out.append(m_in.substr(copied, edit.begin - copied));
            out.append(edit.replacement);
            copied = edit.end;
        }
        out.append(m_in.substr(copied));
        return out;
    }

private:
    /// Reads one opcode and its argument; false after STOP.
    bool step()
    {
        const std::size_t start = m_pos;
        const char op = take(1)[0];
        switch (op) {
        case '\x80': // PROTO
            take(1);
            break;
        case '(': // MARK
            push(Slot::Mark, start);
            break;
        case '.': // STOP
            return false;
        case '0': // POP
            pop();
            break;
        case '1': // POP_MARK
            popToMark();
            break;
        case '2': // DUP
            push(top().slot, start);
            break;
        case 'F': // FLOAT, INT, LONG, STRING, UNICODE, PERSID: a text line
        case 'I':
        case 'L':
        case 'S':
        case 'V':
        case 'P':
            line();
            push(Slot::Other, start);
            break;
        case 'J':    // BININT
        case '\x84': // EXT4
            take(4);
            push(Slot::Other, start);
            break;
        case 'K':    // BININT1
        case '\x82': // EXT1
            take(1);
            push(Slot::Other, start);
            break;
        case 'M':    // BININT2
        case '\x83': // EXT2
            take(2);
            push(Slot::Other, start);
            break;
        case 'G': // BINFLOAT
            take(8);
            push(Slot::Other, start);
            break;
        case 'T': // BINSTRING, BINUNICODE, BINBYTES, LONG4: 4-byte length, then data
        case 'X':
        case 'B':
        case '\x8b':
            take(littleEndian(take(4)));
            push(Slot::Other, start);
            break;
        case 'U': // SHORT_BINSTRING, SHORT_BINBYTES, LONG1: 1-byte length, then data
        case 'C':
        case '\x8a':
            take(littleEndian(take(1)));
            push(Slot::Other, start);
            break;
        case 'N': // NONE, EMPTY_DICT, EMPTY_LIST, EMPTY_TUPLE, NEWTRUE, NEWFALSE
        case '}':
        case ']':
        case ')':
        case '\x88':
        case '\x89':
            push(Slot::Other, start);
            break;
        case 'c': { // GLOBAL
            const std::string_view module = line();
            const std::string_view name = line();
            push(module == "collections" && name == "OrderedDict" ? Slot::OrderedDictClass
                 : libtorchKnows(module)                          ? Slot::Other
                                                                  : Slot::ObjectClass,
                 start);
            break;
        }
        case 'i': // INST: module and name lines, arguments from the mark
            line();
            line();
            push(Slot::Other, popToMark());
            break;
        case 'o': // OBJ, DICT, LIST, TUPLE: items from the mark
        case 'd':
        case 'l':
        case 't':
            push(Slot::Other, popToMark());
            break;
        case 'Q': // BINPERSID, TUPLE1..3: n entries become one
        case '\x85':
        case '\x86':
        case '\x87':
            push(Slot::Other, popCombined(op == 'Q' ? 1 : op - '\x84'));
            break;
        case 'R': // REDUCE: an OrderedDict is made so
            makeInstance(Slot::OrderedDictClass);
            break;
        case '\x81': // NEWOBJ: an ordinary object (argparse.Namespace, a config class) so
            makeInstance(Slot::ObjectClass);
            break;
        case 'b': { // BUILD
            // The state of an object made a plain dict is its attributes (a state dict's
            // _metadata). libtorch cannot BUILD a dict: they go into it under a key of their own.
            const Entry state = pop();
            if (top().slot != Slot::PlainDict)
                break;
            m_edits.push_back({state.begin, state.begin, markAndAttributesKey()});
            m_edits.push_back({start, start + 1, "u"});
            break;
        }
        case 'a': { // APPEND → MARK … APPENDS
            const std::size_t item = pop().begin;
            m_edits.push_back({item, item, "("});
            m_edits.push_back({start, start + 1, "e"});
            break;
        }
        case 'e': // APPENDS, SETITEMS
        case 'u':
            popToMark();
            break;
        case 's': { // SETITEM → MARK … SETITEMS
            pop();
            const std::size_t key = pop().begin;
            m_edits.push_back({key, key, "("});
            m_edits.push_back({start, start + 1, "u"});
            break;
        }
        case 'g': // GET
            get(std::stoul(std::string(line())), start);
            break;
        case 'h': // BINGET
            get(littleEndian(take(1)), start);
            break;
        case 'j': // LONG_BINGET
            get(littleEndian(take(4)), start);
            break;
        case 'p': // PUT
            put(std::stoul(std::string(line())), start);
            break;
        case 'q': // BINPUT
            put(littleEndian(take(1)), start);
            break;
        case 'r': // LONG_BINPUT
            put(littleEndian(take(4)), start);
            break;
        default:
            throw Unreadable{};
        }
        m_previousOp = start;
        return true;
    }

    /// REDUCE or NEWOBJ: `OrderedDict` `()` REDUCE or `SomeClass` `()` NEWOBJ (`rewritten`
    /// says which), with whatever memoised the class in between, becomes EMPTY_DICT; the items
    /// or attributes that follow then go into that plain dict. Anything else is left as it is.
    void makeInstance(Slot rewritten)
    {
        const Entry arguments = pop();
        if (top().slot != rewritten) {
            push(Slot::Other, popCombined(1)); // (a rewritten class would be Unreadable here)
            return;
        }
        // Python pickles both with no arguments (the items or attributes follow); anything
        // else is not what this rewrite knows.
        if (arguments.begin != m_previousOp || m_in[arguments.begin] != ')')
            throw Unreadable{};
        const Entry callable = m_stack.back();
        m_stack.pop_back();
        // The span holds the class's GLOBAL or fetch, a PUT of it perhaps, and `()`: nothing
        // else was edited in it.
        m_cuts.push_back({callable.begin, m_pos});
        m_edits.push_back({callable.begin, m_pos, "}"});
        push(Slot::PlainDict, callable.begin);
    }

    /// Whether the byte at `position` was cut out (cuts are made in order, never nested).
    bool isCut(std::size_t position) const
    {
        auto after =
            std::upper_bound(m_cuts.begin(), m_cuts.end(), position,
                             [](std::size_t p, const std::pair<std::size_t, std::size_t>& c) {
                                 return p < c.first;
                             });
        return after != m_cuts.begin() && position < std::prev(after)->second;
    }

    void put(std::uint32_t id, std::size_t at) { m_memo[id] = {top().slot, at}; }

    /// A memo entry whose PUT was cut out is gone from the rewritten stream; only a rewritten
    /// class may be fetched again, as every use of it is cut out in turn.
    void get(std::uint32_t id, std::size_t at)
    {
        const auto entry = m_memo.find(id);
        if (entry == m_memo.end())
            throw Unreadable{};
        if (!isRewrittenClass(entry->second.slot) && isCut(entry->second.putAt))
            throw Unreadable{};
        push(entry->second.slot, at);
    }

    std::string_view take(std::size_t count)
    {
        if (count > m_in.size() - m_pos)
            throw Unreadable{};
        const std::string_view bytes = m_in.substr(m_pos, count);
        m_pos += count;
        return bytes;
    }

    /// A newline-terminated argument, without its newline.
    std::string_view line()
    {
        const std::size_t end = m_in.find('\n', m_pos);
        if (end == std::string_view::npos)
            throw Unreadable{};
        const std::string_view text = m_in.substr(m_pos, end - m_pos);
        m_pos = end + 1;
        return text;
    }

    static std::uint32_t littleEndian(std::string_view bytes)
    {
        std::uint32_t value = 0;
        for (std::size_t i = bytes.size(); i-- > 0;)
            value = (value << 8) | static_cast<unsigned char>(bytes[i]);
        return value;
    }

    void push(Slot slot, std::size_t begin) { m_stack.push_back({slot, begin}); }

    const Entry& top() const
    {
        if (m_stack.empty())
            throw Unreadable{};
        return m_stack.back();
    }

    /// The top entry. A rewritten class may only be taken by REDUCE or NEWOBJ: any other use
    /// would survive the rewrite with its definition cut out (or fail in libtorch).
    Entry pop()
    {
        const Entry entry = top();
        if (entry.slot == Slot::Mark || isRewrittenClass(entry.slot))
            throw Unreadable{};
        m_stack.pop_back();
        return entry;
    }

    /// Pops `count` entries; returns where the lowest began.
    std::size_t popCombined(int count)
    {
        std::size_t begin = m_pos;
        for (int i = 0; i < count; ++i)
            begin = pop().begin;
        return begin;
    }

    /// Pops through the topmost mark; returns where the mark began.
    std::size_t popToMark()
    {
        while (top().slot != Slot::Mark)
            pop();
        const std::size_t begin = m_stack.back().begin;
        m_stack.pop_back();
        return begin;
    }

    std::string_view m_in;
    std::size_t m_pos = 0;
    std::size_t m_previousOp = 0;
    std::vector<Entry> m_stack;
    std::unordered_map<std::uint32_t, MemoEntry> m_memo;
    std::vector<Edit> m_edits;
    std::vector<std::pair<std::size_t, std::size_t>> m_cuts; ///< [begin, end), in order
};

} // namespace

std::optional<std::string> readableByLibtorch(std::string_view pickle)
{
    return LibtorchPickleRewriter(pickle).run();
}

} // namespace fovea
