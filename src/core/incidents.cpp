#include "hotspot/core/incidents.hpp"

#include <algorithm>

namespace hotspot {

int CategoryDict::id_of(std::string_view name) {
  auto it = ids_.find(std::string(name));
  if (it != ids_.end()) return it->second;
  const int id = static_cast<int>(names_.size());
  names_.emplace_back(name);
  ids_.emplace(names_.back(), id);
  return id;
}

int CategoryDict::find(std::string_view name) const noexcept {
  auto it = ids_.find(std::string(name));
  return it == ids_.end() ? -1 : it->second;
}

std::vector<int> CategoryDict::sorted_ids() const {
  std::vector<int> ids(names_.size());
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<int>(i);
  std::sort(ids.begin(), ids.end(), [&](int a, int b) {
    return names_[static_cast<std::size_t>(a)] < names_[static_cast<std::size_t>(b)];
  });
  return ids;
}

void IncidentTable::reserve(std::size_t n) {
  x.reserve(n);
  y.reserve(n);
  time.reserve(n);
  category.reserve(n);
  weight.reserve(n);
  source_line.reserve(n);
}

void IncidentTable::resize(std::size_t n) {
  x.resize(n);
  y.resize(n);
  time.resize(n);
  category.resize(n);
  weight.resize(n);
  source_line.resize(n);
}

void IncidentTable::push(double xv, double yv, std::int64_t t, std::int32_t cat, double w,
                         std::int64_t line) {
  x.push_back(xv);
  y.push_back(yv);
  time.push_back(t);
  category.push_back(cat);
  weight.push_back(w);
  source_line.push_back(line);
}

std::string column_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') out += static_cast<char>(c);
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) out = "unknown";
  return out;
}

}  // namespace hotspot
