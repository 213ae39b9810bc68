#pragma once
// Rows that cannot be used are not errors: they go here with their line number and reason
// (STYLE.md). The sink keeps them in memory (bounded by the number of bad rows) and writes
// a CSV `source,line,reason,record` at the end, atomically.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace hotspot {

struct Reject {
  std::string source;  ///< file the row came from
  std::int64_t line;   ///< 1-based line (CSV) or feature number (OGR)
  std::string reason;
  std::string record;  ///< the raw row, cut to a sane length
};

class RejectsSink {
 public:
  void add(std::string source, std::int64_t line, std::string reason, std::string record = {});
  std::size_t size() const noexcept { return rows_.size(); }
  const std::vector<Reject>& rows() const noexcept { return rows_; }
  /// Put rows [first, size()) in line order (stable): a reader that rejects rows in a later
  /// pass (after the CRS transformation) keeps its rejects in file order.
  void sort_from(std::size_t first);
  /// Give rows [first, size()) without a record the text `record_of(line)`.
  template <class F>
  void fill_records_from(std::size_t first, F&& record_of) {
    for (std::size_t i = first; i < rows_.size(); ++i)
      if (rows_[i].record.empty()) rows_[i].record = record_of(rows_[i].line);
  }
  /// Count per reason kind: the reason text up to its first quote, " (" or ": "
  /// ("outside the valid area of EPSG:28992 (1, 2)" -> "outside the valid area of EPSG:28992").
  std::map<std::string, std::size_t> summary() const;
  /// Write the CSV. @throws Error(Output)
  void write_csv(const std::filesystem::path& path) const;

 private:
  std::vector<Reject> rows_;
};

}  // namespace hotspot
