#pragma once
// Categories people can trust (issue 14): every value is folded (case, white space,
// diacritics: core/incidents.hpp fold_category) into a key, and a mapping file merges
// spellings and codes into the names the report uses:
//
//   [categories]
//   jeugdoverlast = ["Jeugdoverlast", "Overlast jeugd", "JOV"]
//   woninginbraak = ["Inbraak woning", "Woninginbraak"]
//
// Each key is a canonical category; each listed value is matched after folding; values not
// listed keep their folded key.
#include <string>
#include <string_view>
#include <unordered_map>

namespace hotspot::io {

class CategoryMap {
 public:
  CategoryMap() = default;
  /// @throws Error(InputMissing/InputFormat) for an unreadable file, a [categories] table
  /// that is missing or not lists of text, or one spelling listed under two keys.
  static CategoryMap load(const std::string& path);
  /// The category key of a raw value ("" stays "").
  std::string key_of(std::string_view raw) const;
  std::size_t size() const noexcept { return to_key_.size(); }

 private:
  std::unordered_map<std::string, std::string> to_key_;  ///< folded spelling -> key
};

}  // namespace hotspot::io
