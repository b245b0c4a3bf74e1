#pragma once

#include "fovea/FolderDataset.h"

#include <string>
#include <vector>

namespace fovea::data {

struct ListEntry {
    std::string path; ///< resolved against the list file's folder
    std::string label;
};

/// A CSV or TSV list of `path,label` rows. The delimiter is a tab when the file name ends in
/// .tsv or the first row holds a tab, else a comma (CSV quoting with "" understood). A first row
/// whose fields read like column names (path/file/image …, label/class …) is a header and
/// skipped; blank lines and lines starting with '#' are ignored. Relative paths are relative to
/// the list file. Bad rows go to `rejected` as "<list>:<line>".
class ListFileReader {
public:
    explicit ListFileReader(std::string listPath);

    /// Throws Error(NotFound / Io) naming the list when it cannot be read.
    std::vector<ListEntry> read(std::vector<RejectedFile>& rejected) const;

private:
    std::string m_listPath;
};

} // namespace fovea::data
