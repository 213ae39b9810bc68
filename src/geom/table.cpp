#include "hotspot/geom/table.hpp"

namespace hotspot {

int Table::field_index(const std::string& name) const noexcept {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<int>(i);
  return -1;
}

std::size_t Table::add_field(std::string name, FieldType type) {
  fields.push_back({std::move(name), type});
  for (auto& r : rows) r.emplace_back();
  return fields.size() - 1;
}

Table Table::clone() const {
  Table t;
  t.fields = fields;
  t.rows = rows;
  t.crs = crs;
  t.geometries.reserve(geometries.size());
  for (const auto& g : geometries) t.geometries.emplace_back(g ? g->clone() : nullptr);
  return t;
}

}  // namespace hotspot
