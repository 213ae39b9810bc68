#include "hotspot/core/filter.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot {

namespace {
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string tok;
  while (std::getline(ss, tok, sep)) {
    tok.erase(0, tok.find_first_not_of(" \t"));
    tok.erase(tok.find_last_not_of(" \t") + 1);
    if (!tok.empty()) out.push_back(tok);
  }
  return out;
}
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}
int day_index(const std::string& name) {
  static const char* en[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  static const char* nl[] = {"ma", "di", "wo", "do", "vr", "za", "zo"};
  const std::string n = lower(name);
  for (int i = 0; i < 7; ++i)
    if (n.rfind(en[i], 0) == 0 || n == nl[i]) return i;
  throw Error(ErrorCode::Usage, fmt::format("'{}' is not a day of the week", name),
              {"", "", "--days"}, "write e.g. --days sat,sun or --days mon-fri (or za,zo)");
}
}  // namespace

bool IncidentFilter::uses_time() const noexcept {
  return from || to || std::find(hours.begin(), hours.end(), false) != hours.end() ||
         std::find(days.begin(), days.end(), false) != days.end();
}

std::string IncidentFilter::describe() const {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : "; ") + s; };
  if (!categories.empty()) {
    std::string c;
    for (const auto& x : categories) c += (c.empty() ? "" : ",") + x;
    add("category=" + c);
  }
  if (from) add("from=" + format_iso8601(*from).substr(0, 10));
  if (to) add("to=" + format_iso8601(*to - 86400).substr(0, 10));
  if (std::find(hours.begin(), hours.end(), false) != hours.end()) {
    std::string h;
    for (int i = 0; i < 24; ++i)
      if (hours[static_cast<std::size_t>(i)])
        h += (h.empty() ? "" : ",") + std::to_string(i) +
             (evening_before[static_cast<std::size_t>(i)] ? "*" : "");
    add("hours=" + h);
  }
  if (std::find(days.begin(), days.end(), false) != days.end()) {
    static const char* en[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    std::string d;
    for (int i = 0; i < 7; ++i)
      if (days[static_cast<std::size_t>(i)]) d += (d.empty() ? "" : ",") + std::string(en[i]);
    add("days=" + d);
  }
  return out.empty() ? "none" : out;
}

HourSelection parse_hours(const std::string& s) {
  HourSelection m;
  auto bad = [&] {
    return Error(ErrorCode::Usage, fmt::format("--hours '{}' is not understood", s),
                 {"", "", "--hours"},
                 "write e.g. --hours 18-23 (18:00 to 23:00), --hours 22-02 (past midnight) or "
                 "--hours 8,9,10");
  };
  const auto parts = split(s, ',');
  if (parts.empty()) throw bad();
  for (const auto& p : parts) {
    int a, b;
    char tail;
    if (std::sscanf(p.c_str(), "%d-%d%c", &a, &b, &tail) == 2) {
      if (a < 0 || a > 23 || b < 0 || b > 24 || a == b % 24) throw bad();
      for (int h = a; h != b % 24; h = (h + 1) % 24) {
        m.hours[static_cast<std::size_t>(h)] = true;
        if (h < a) m.evening_before[static_cast<std::size_t>(h)] = true;  // past midnight
      }
    } else if (std::sscanf(p.c_str(), "%d%c", &a, &tail) == 1) {
      if (a < 0 || a > 23) throw bad();
      m.hours[static_cast<std::size_t>(a)] = true;
    } else {
      throw bad();
    }
  }
  return m;
}

std::array<bool, 7> parse_days(const std::string& s) {
  std::array<bool, 7> m{};
  const auto parts = split(s, ',');
  if (parts.empty()) day_index("");
  for (const auto& p : parts) {
    const auto dash = p.find('-');
    if (dash != std::string::npos) {
      const int a = day_index(p.substr(0, dash)), b = day_index(p.substr(dash + 1));
      for (int d = a;; d = (d + 1) % 7) {
        m[static_cast<std::size_t>(d)] = true;
        if (d == b) break;
      }
    } else {
      m[static_cast<std::size_t>(day_index(p))] = true;
    }
  }
  return m;
}

std::int64_t parse_date_option(const std::string& s, const char* option) {
  auto t = parse_iso8601(s);
  if (!t)
    throw Error(ErrorCode::Usage, fmt::format("{} '{}' is not a date", option, s), {"", "", option},
                "write the date as YYYY-MM-DD, e.g. 2022-01-01");
  return *t;
}

std::vector<std::uint32_t> apply_filter(const IncidentTable& t, const IncidentFilter& f) {
  std::vector<bool> cat_ok(t.categories.size(), f.categories.empty());
  for (const auto& c : f.categories) {
    const int id = t.categories.find(fold_category(c));
    if (id < 0) {
      std::string have;
      for (const auto& n : t.categories.names()) have += (have.empty() ? "" : ", ") + n;
      throw Error(ErrorCode::Usage,
                  fmt::format("no incidents of category '{}' (categories are: {})", c, have),
                  {"", "", "--category"}, "give one of those names");
    }
    cat_ok[static_cast<std::size_t>(id)] = true;
  }
  const bool timed = f.uses_time();
  if (timed && !t.has_time)
    throw Error(
        ErrorCode::InputFormat,
        fmt::format("a time filter ({}) needs timestamps, and the incidents have no time column",
                    f.describe()),
        {"", "", "--time-col"}, "name the column with the date and time with --time-col");
  std::vector<std::uint32_t> rows;
  rows.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!cat_ok[static_cast<std::size_t>(t.category[i])]) continue;
    if (timed) {
      const std::int64_t ts = t.time[i];
      if (ts == kNoTime) continue;
      if (f.from && ts < *f.from) continue;
      if (f.to && ts >= *f.to) continue;
      const CivilTime c = civil_from_local_seconds(ts);
      const auto h = static_cast<std::size_t>(c.hour);
      const int day = f.evening_before[h] ? (c.weekday + 6) % 7 : c.weekday;
      if (!f.hours[h] || !f.days[static_cast<std::size_t>(day)]) continue;
    }
    rows.push_back(static_cast<std::uint32_t>(i));
  }
  return rows;
}

void keep_rows(IncidentTable& t, const std::vector<std::uint32_t>& rows) {
  std::size_t w = 0;
  for (const auto i : rows) {
    if (i != w) t.move_row(w, i);
    ++w;
  }
  t.resize(w);
}

IncidentTable filtered(IncidentTable&& t, const IncidentFilter& f) {
  const auto rows = apply_filter(t, f);
  if (rows.size() != t.size()) keep_rows(t, rows);
  return std::move(t);
}

}  // namespace hotspot
