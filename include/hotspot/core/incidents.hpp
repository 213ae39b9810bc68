#pragma once
// The incident table: read once, column-wise, handed to join, density, stats, score and
// route (STYLE.md "one vocabulary"). Coordinates are in the working CRS (EPSG:28992 unless
// the run says otherwise), metres.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "hotspot/core/column.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/core/working_crs.hpp"

namespace hotspot {

/// Category names <-> small integer ids, in order of first appearance.
class CategoryDict {
 public:
  int id_of(std::string_view name);                ///< adds the name when new
  int find(std::string_view name) const noexcept;  ///< -1 when absent
  const std::string& name(int id) const { return names_.at(static_cast<std::size_t>(id)); }
  std::size_t size() const noexcept { return names_.size(); }
  const std::vector<std::string>& names() const noexcept { return names_; }
  /// Ids ordered by name, for deterministic column order in outputs.
  std::vector<int> sorted_ids() const;

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, int> ids_;
};

struct IncidentTable {
  Column<double> x;           ///< working CRS, metres
  Column<double> y;           ///< working CRS, metres
  Column<std::int64_t> time;  ///< local seconds (timeutil.hpp); kNoTime when absent
  Column<std::int32_t> category;
  Column<double> weight;             ///< 1 unless a weight column was given
  Column<std::int64_t> source_line;  ///< line (CSV) or feature number (OGR), 1-based
  CategoryDict categories;
  std::string crs = kDefaultWorkingCrs;
  bool has_time = false;

  std::size_t size() const noexcept { return x.size(); }
  void reserve(std::size_t n);
  void push(double xv, double yv, std::int64_t t, std::int32_t cat, double w, std::int64_t line);
  /// Every column to n rows (new rows uninitialised, see column.hpp).
  void resize(std::size_t n);
  /// Copy row `from` over row `to` in every column (compacting in place).
  void move_row(std::size_t to, std::size_t from) noexcept {
    x[to] = x[from];
    y[to] = y[from];
    time[to] = time[from];
    category[to] = category[from];
    weight[to] = weight[from];
    source_line[to] = source_line[from];
  }
};

/// Normalise a category or period into a column-name part: lower case, [a-z0-9_].
std::string column_safe(std::string_view s);

/// The key of a category as people type it: surrounding and repeated white space (tabs and
/// no-break spaces too) dropped, lower case, Latin diacritics removed ("  Één  " -> "een",
/// "Café-overlast" -> "cafe-overlast"). Spellings that differ only so are one category.
std::string fold_category(std::string_view s);

/// Output column names "n_<category>" for the categories `ids`, each [a-z0-9_], unique, and
/// distinct from `reserved` (the fixed columns: n_incidents, n_2018, area_km2 ...). A name
/// taken already becomes "n_cat_<category>", then "n_cat_<category>_2" ...; each renaming
/// is described in `renamed` for a warning.
std::vector<std::string> category_columns(const CategoryDict& dict, const std::vector<int>& ids,
                                          const std::vector<std::string>& reserved,
                                          std::vector<std::string>* renamed);

}  // namespace hotspot
