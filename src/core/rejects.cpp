#include "hotspot/core/rejects.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hotspot/core/atomic_file.hpp"

namespace hotspot {

namespace {
std::string csv_quote(const std::string& s) {
  if (s.find_first_of(",\"\n\r;") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}
}  // namespace

void RejectsSink::add(std::string source, std::int64_t line, std::string reason,
                      std::string record) {
  if (record.size() > 500) record = record.substr(0, 500) + "...";
  rows_.push_back({std::move(source), line, std::move(reason), std::move(record)});
}

std::map<std::string, std::size_t> RejectsSink::summary() const {
  std::map<std::string, std::size_t> out;
  for (const auto& r : rows_) {
    const auto cut = std::min({r.reason.find('\''), r.reason.find(" ("), r.reason.find(": ")});
    std::string key = r.reason.substr(0, cut);
    while (!key.empty() && key.back() == ' ') key.pop_back();
    ++out[key];
  }
  return out;
}

void RejectsSink::sort_from(std::size_t first) {
  if (first >= rows_.size()) return;
  std::stable_sort(rows_.begin() + static_cast<std::ptrdiff_t>(first), rows_.end(),
                   [](const Reject& a, const Reject& b) { return a.line < b.line; });
}

void RejectsSink::write_csv(const std::filesystem::path& path) const {
  std::string text = "source,line,reason,record\n";
  for (const auto& r : rows_)
    text += fmt::format("{},{},{},{}\n", csv_quote(r.source), r.line, csv_quote(r.reason),
                        csv_quote(r.record));
  write_file_atomically(path, text);
}

}  // namespace hotspot
