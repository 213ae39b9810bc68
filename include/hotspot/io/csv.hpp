#pragma once
// A small, fast CSV tokenizer for incident files as municipalities export them: `,` `;` or
// tab delimited (sniffed from the header), RFC 4180 quoting (embedded delimiters, quotes
// and newlines), UTF-8 with or without BOM, CRLF, LF or CR-only line ends. Records carry the
// physical line on which they start, for the rejects file. The file is memory-mapped, not
// copied.
//
// Line ends are decided once for the whole text, never record by record: a text with any LF
// ends its lines with LF (a CR right before it is dropped; a CR anywhere else is data, so a
// stray CR inside a field cannot split a record), a text with CRs and no LF is an old-Mac
// CR-only file. Quoted fields may span lines, but not without bound: a quote that is still
// open after kMaxQuotedLines line ends, or at the end of the text, is a broken record. It is
// returned as one record with `broken()` set (the caller rejects it with its line), and
// reading goes on at the line after the one where the record started, so one stray quote
// cannot swallow the rest of the file.
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

enum class LineEnd : char { Auto = 0, LF = '\n', CR = '\r' };

/// The line-end convention of a text: LF if it has any LF, else CR if it has any CR, else LF.
LineEnd detect_line_end(std::string_view text) noexcept;

/// Physical lines ended in `s` under `le` (LF: LF bytes; CR: CR bytes).
std::size_t count_line_ends(std::string_view s, LineEnd le) noexcept;

class CsvReader {
 public:
  /// Line ends a quoted field may span before it counts as an unbalanced quote.
  static constexpr std::int64_t kMaxQuotedLines = 20;

  /// `delimiter` 0 = sniff from the header line. `first_line`: the line number of the
  /// first byte of `text` (for a chunk of a larger file). `line_end` Auto = detect from
  /// `text`; chunks of a file pass the whole file's convention.
  explicit CsvReader(std::string_view text, char delimiter = 0, std::int64_t first_line = 1,
                     LineEnd line_end = LineEnd::Auto);

  char delimiter() const noexcept { return delim_; }
  LineEnd line_end() const noexcept { return static_cast<LineEnd>(eol_); }
  /// The last record had an unbalanced quote: `fields` is empty, `raw()` is its first line
  /// and `broken_reason()` says what is wrong.
  bool broken() const noexcept { return !broken_.empty(); }
  const std::string& broken_reason() const noexcept { return broken_; }
  bool had_bom() const noexcept { return bom_; }
  /// Read the next record. Returns false at the end. `fields` views stay valid until the
  /// next call. Empty lines are skipped.
  bool next(std::vector<std::string_view>& fields);
  std::int64_t line() const noexcept { return record_line_; }  ///< line the record starts on
  std::string_view raw() const noexcept { return raw_; }       ///< the record's text
  std::size_t offset() const noexcept { return pos_; }         ///< bytes consumed
  std::size_t size() const noexcept { return text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  std::int64_t record_line_ = 0;
  std::string_view raw_;
  char delim_;
  char eol_ = '\n';
  bool bom_ = false;
  std::string broken_;
  std::string scratch_;
};

/// Parse a decimal number the way analysts type it: surrounding spaces ignored, a decimal
/// comma accepted when there is no point ("208123,45"). False when not a number; NaN and
/// infinities parse (the caller decides).
bool parse_number(std::string_view s, double& out) noexcept;

/// True when `s` is well-formed UTF-8 (ASCII runs are skipped eight bytes at a time).
bool is_utf8(std::string_view s) noexcept;
/// Windows-1252 (a superset of Latin-1's printable range) to UTF-8.
std::string cp1252_to_utf8(std::string_view s);

/// How many times `c` occurs in `s` (vectorised; std::count is byte at a time).
std::size_t count_byte(std::string_view s, char c) noexcept;

}  // namespace hotspot::io
