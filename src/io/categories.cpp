#include "hotspot/io/categories.hpp"

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/io/toml_file.hpp"

namespace hotspot::io {

CategoryMap CategoryMap::load(const std::string& path) {
  const toml::value root = read_toml_file(path, "the category mapping");
  if (!root.is_table() || !root.contains("categories") || !root.at("categories").is_table())
    throw Error(
        ErrorCode::InputFormat, "no [categories] table", {path},
        "write [categories] and then lines like jeugdoverlast = [\"Jeugdoverlast\", \"JOV\"]");
  CategoryMap m;
  for (const auto& entry : root.at("categories").as_table()) {
    // Plain names, not structured bindings: clang 14 cannot capture those in the lambda below.
    const std::string& key0 = entry.first;
    const toml::value& v = entry.second;
    const std::string key = fold_category(key0);
    if (key.empty())
      throw Error(ErrorCode::InputFormat, "an empty category name", {path, "categories", key0},
                  "give each category a name");
    auto add = [&](const std::string& spelling) {
      const std::string f = fold_category(spelling);
      auto [it, fresh] = m.to_key_.emplace(f, key);
      if (!fresh && it->second != key)
        throw Error(ErrorCode::InputFormat,
                    fmt::format("'{}' is listed under both '{}' and '{}' (line {})", spelling,
                                it->second, key, v.location().line()),
                    {path, "categories", key0}, "list each spelling under one category");
    };
    add(key0);
    if (!v.is_array())
      throw Error(
          ErrorCode::InputFormat,
          fmt::format("'{}' (line {}) must be a list of spellings", key0, v.location().line()),
          {path, "categories", key0}, "write e.g. jeugdoverlast = [\"Jeugdoverlast\", \"JOV\"]");
    for (const auto& e : v.as_array()) {
      if (!e.is_string())
        throw Error(
            ErrorCode::InputFormat,
            fmt::format("a spelling of '{}' (line {}) is not text", key0, e.location().line()),
            {path, "categories", key0}, "quote every spelling: \"JOV\"");
      add(e.as_string().str);
    }
  }
  return m;
}

std::string CategoryMap::key_of(std::string_view raw) const {
  std::string f = fold_category(raw);
  if (auto it = to_key_.find(f); it != to_key_.end()) return it->second;
  return f;
}

}  // namespace hotspot::io
