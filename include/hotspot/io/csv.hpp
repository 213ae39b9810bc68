#pragma once
// A small, fast CSV tokenizer for incident files as municipalities export them: `,` `;` or
// tab delimited (sniffed from the header), RFC 4180 quoting (embedded delimiters, quotes
// and newlines), UTF-8 with or without BOM, CRLF or LF. Records carry the physical line on
// which they start, for the rejects file. The file is memory-mapped, not copied.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hotspot::io {

class MappedFile {
 public:
  /// @throws Error(InputMissing)
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view data() const noexcept { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

class CsvReader {
 public:
  /// `delimiter` 0 = sniff from the header line. `first_line`: the line number of the
  /// first byte of `text` (for a chunk of a larger file).
  explicit CsvReader(std::string_view text, char delimiter = 0, std::int64_t first_line = 1);

  char delimiter() const noexcept { return delim_; }
  bool had_bom() const noexcept { return bom_; }
  /// Read the next record. Returns false at the end. `fields` views stay valid until the
  /// next call. Empty lines are skipped.
  bool next(std::vector<std::string_view>& fields);
  std::int64_t line() const noexcept { return record_line_; }  ///< line the record starts on
  std::string_view raw() const noexcept { return raw_; }        ///< the record's text
  std::size_t offset() const noexcept { return pos_; }          ///< bytes consumed
  std::size_t size() const noexcept { return text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  std::int64_t record_line_ = 0;
  std::string_view raw_;
  char delim_;
  bool bom_ = false;
  std::string scratch_;
};

/// Parse a decimal number the way analysts type it: surrounding spaces ignored, a decimal
/// comma accepted when there is no point ("208123,45"). False when not a number; NaN and
/// infinities parse (the caller decides).
bool parse_number(std::string_view s, double& out) noexcept;

/// How many times `c` occurs in `s` (vectorised; std::count is byte at a time).
std::size_t count_byte(std::string_view s, char c) noexcept;

}  // namespace hotspot::io
