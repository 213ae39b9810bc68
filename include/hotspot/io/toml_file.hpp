#pragma once
// Every TOML file hotspot reads (pipelines, score configurations, and what later issues add)
// goes through this one door. toml11 3.7 reads past its buffer on control characters and
// broken UTF-8 (the fuzzer found it), so the bytes are checked to be UTF-8 text first; that
// also gives the user a line and column instead of a parser's complaint.
#include <filesystem>
#include <string>

#include <toml.hpp>

namespace hotspot::io {

/// Read and parse a TOML file. `what` names the file for messages ("the pipeline file").
/// @throws Error(InputMissing) when it cannot be read, Error(InputFormat) when it is not
/// UTF-8 text or not valid TOML.
toml::value read_toml_file(const std::filesystem::path& file, const std::string& what);

/// Where a byte in `text` breaks "UTF-8 text without control characters" (tab, and CR before
/// LF, allowed): 1-based line and column, or {0, 0} when the text is fine.
std::pair<int, int> first_non_text_byte(const std::string& text) noexcept;

}  // namespace hotspot::io
