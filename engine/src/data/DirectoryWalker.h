#pragma once

#include "fovea/FolderDataset.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace fovea::data {

/// Lists folders and files with links followed safely: every folder is entered at most once (by
/// its canonical path), so a link loop ends; dangling links, loops, special files and unreadable
/// folders are recorded as rejected with a reason. Names starting with '.' are skipped.
class DirectoryWalker {
public:
    enum class Kind { File, Directory, Rejected };
    struct Entry {
        std::filesystem::path path;
        Kind kind = Kind::Rejected;
    };

    DirectoryWalker(std::vector<RejectedFile>& rejected, int maxDepth,
                    const std::atomic<bool>* stopRequested);

    /// The entries of `dir`, sorted by name, links resolved (rejected ones already recorded).
    std::vector<Entry> entries(const std::filesystem::path& dir);

    /// Marks `dir` entered. False (and recorded as rejected) when it was entered before through
    /// another path, which is how a link loop shows itself.
    bool enter(const std::filesystem::path& dir);

    /// Every regular file below `dir` (which the caller has entered), depth first, sorted at
    /// each level; `onFile` is called for each.
    void collectFiles(const std::filesystem::path& dir,
                      const std::function<void(const std::string&)>& onFile);

    bool stopped() const { return m_stop && m_stop->load(std::memory_order_relaxed); }

private:
    Entry classify(const std::filesystem::path& path);
    void reject(const std::filesystem::path& path, const std::string& reason);
    void collect(const std::filesystem::path& dir, int depth,
                 const std::function<void(const std::string&)>& onFile);

    std::vector<RejectedFile>& m_rejected;
    int m_maxDepth;
    const std::atomic<bool>* m_stop;
    std::set<std::string> m_entered; ///< canonical paths
};

} // namespace fovea::data
