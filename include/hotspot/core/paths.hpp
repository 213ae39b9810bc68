#pragma once
// An output never overwrites an input of the run, nor another output of it. Paths are
// compared as the files they name: canonical form (".", "..", symbolic links resolved) and,
// where both exist, the same file by device and inode (hard links).
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace hotspot {

/// A path with the option (or pipeline key) that named it, for the message.
using NamedPath = std::pair<std::string, std::filesystem::path>;

/// @throws Error(Usage) naming both options when an output is an input or two outputs are
/// one file. Connection strings ("PG:...") and empty paths are skipped.
void check_output_paths(const std::vector<NamedPath>& inputs,
                        const std::vector<NamedPath>& outputs);

/// True when `a` and `b` name the same file (see above).
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace hotspot
