#include "hotspot/core/incidents.hpp"

#include <set>

#include <fmt/format.h>

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
    if (c >= 'A' && c <= 'Z')
      out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
      out += static_cast<char>(c);
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) out = "unknown";
  return out;
}

namespace {
// U+0100..U+017F (Latin Extended-A) without their marks; '?' = two letters (handled apart).
constexpr char kLatinExtA[] =
    "aaaaaa"
    "cccccccc"
    "dddd"
    "eeeeeeeeee"
    "gggggggg"
    "hhhh"
    "iiiiiiiiii"
    "??"
    "jj"
    "kkk"
    "llllllllll"
    "nnnnnnnnn"
    "oooooo"
    "??"
    "rrrrrr"
    "ssssssss"
    "tttttt"
    "uuuuuuuuuuuu"
    "ww"
    "yyy"
    "zzzzzz"
    "s";
static_assert(sizeof(kLatinExtA) == 129);
// U+00C0..U+00FF (Latin-1 Supplement), lower-cased without marks; '?' = handled apart.
constexpr char kLatin1[] = "aaaaaa?ceeeeiiiidnooooo?ouuuuy??aaaaaa?ceeeeiiiidnooooo?ouuuuy?y";
static_assert(sizeof(kLatin1) == 65);

/// Append the folded form of the code point starting at s[i]; returns the bytes consumed.
std::size_t fold_one(std::string_view s, std::size_t i, std::string& out) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return 1;
  }
  if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && i + 1 < s.size() &&
      (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
    const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
    if (cp >= 0xC0 && cp <= 0xFF) {
      const char f = kLatin1[cp - 0xC0];
      if (f != '?')
        out += f;
      else if (cp == 0xC6 || cp == 0xE6)
        out += "ae";
      else if (cp == 0xDF)
        out += "ss";
      else if (cp == 0xDE || cp == 0xFE)
        out += "th";
      else
        out.append(s.substr(i, 2));  // x and ÷ stay
      return 2;
    }
    if (cp >= 0x100 && cp <= 0x17F) {
      const char f = kLatinExtA[cp - 0x100];
      if (f != '?')
        out += f;
      else
        out += (cp == 0x132 || cp == 0x133) ? "ij" : "oe";
      return 2;
    }
  }
  out += static_cast<char>(c);
  return 1;
}
}  // namespace

std::string fold_category(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool nbsp = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || nbsp) {
      space = true;
      i += nbsp ? 2 : 1;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    i += fold_one(s, i, out);
  }
  return out;
}

std::vector<std::string> category_columns(const CategoryDict& dict, const std::vector<int>& ids,
                                          const std::vector<std::string>& reserved,
                                          std::vector<std::string>* renamed) {
  std::set<std::string> taken(reserved.begin(), reserved.end());
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (int id : ids) {
    std::string safe = column_safe(dict.name(id));
    if (safe.size() > 48) {  // a column name a person (and every format) can hold
      std::uint32_t h = 2166136261u;
      for (unsigned char ch : dict.name(id)) h = (h ^ ch) * 16777619u;
      safe = fmt::format("{}_{:08x}", safe.substr(0, 39), h);
    }
    std::string name = "n_" + safe;
    if (taken.count(name)) {
      name = "n_cat_" + safe;
      for (int k = 2; taken.count(name); ++k) name = fmt::format("n_cat_{}_{}", safe, k);
      if (renamed)
        renamed->push_back(fmt::format("category '{}' is written as {}", dict.name(id), name));
    }
    taken.insert(name);
    out.push_back(std::move(name));
  }
  return out;
}

}  // namespace hotspot
