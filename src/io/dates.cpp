#include "hotspot/io/dates.hpp"

#include <cmath>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/timeutil.hpp"

namespace hotspot::io {

namespace {

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int month_days(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

/// 1..max_digits digits at s[p]; advances p.
bool number(std::string_view s, std::size_t& p, std::size_t min_digits, std::size_t max_digits,
            int& out) {
  std::size_t k = 0;
  int v = 0;
  while (p + k < s.size() && k < max_digits && s[p + k] >= '0' && s[p + k] <= '9')
    v = v * 10 + (s[p + k++] - '0');
  if (k < min_digits) return false;
  p += k;
  out = v;
  return true;
}

std::optional<std::int64_t> civil(int y, int mo, int d, int h, int mi, int se) {
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h < 0 || h > 23 || mi < 0 ||
      mi > 59 || se < 0 || se > 60)
    return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
         h * 3600 + mi * 60 + se;
}

/// The optional time part after a date at s[p]: (' ' | 'T') H[H]:MM[:SS[.fff]].
bool time_part(std::string_view s, std::size_t p, int& h, int& mi, int& se) {
  h = mi = se = 0;
  if (p == s.size()) return true;
  if (s[p] != ' ' && s[p] != 'T') return false;
  while (p < s.size() && (s[p] == ' ' || s[p] == 'T')) ++p;
  if (!number(s, p, 1, 2, h) || p >= s.size() || s[p] != ':') return false;
  ++p;
  if (!number(s, p, 2, 2, mi)) return false;
  if (p < s.size() && s[p] == ':') {
    ++p;
    if (!number(s, p, 2, 2, se)) return false;
    if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
      ++p;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
    }
  }
  return p == s.size();
}

/// a SEP b SEP c with SEP one of - / . (the same twice); the three numbers and the end.
bool three(std::string_view s, int& a, int& b, int& c, std::size_t& end, bool year_first) {
  std::size_t p = 0;
  if (!number(s, p, year_first ? 4 : 1, year_first ? 4 : 2, a) || p >= s.size()) return false;
  const char sep = s[p];
  if (sep != '-' && sep != '/' && sep != '.') return false;
  ++p;
  if (!number(s, p, 1, 2, b) || p >= s.size() || s[p] != sep) return false;
  ++p;
  if (!number(s, p, year_first ? 1 : 4, year_first ? 2 : 4, c)) return false;
  end = p;
  return true;
}

std::optional<std::int64_t> parse_numeric(std::string_view s, DateKind k) {
  int a, b, c, h, mi, se;
  std::size_t end;
  if (!three(s, a, b, c, end, k == DateKind::YearFirst) || !time_part(s, end, h, mi, se))
    return std::nullopt;
  switch (k) {
    case DateKind::DayFirst:
      return civil(c, b, a, h, mi, se);
    case DateKind::MonthFirst:
      return civil(c, a, b, h, mi, se);
    default:
      return civil(a, b, c, h, mi, se);
  }
}

std::optional<std::int64_t> parse_excel(std::string_view s) {
  // Days since 1899-12-30 (Excel's 1900 system, its leap-year bug included), fraction = time.
  std::string t(s);
  for (auto& ch : t)
    if (ch == ',') ch = '.';
  char* e = nullptr;
  const double v = std::strtod(t.c_str(), &e);
  if (e == t.c_str() || *e != 0 || !(v >= 1 && v < 2958466)) return std::nullopt;
  const auto secs = static_cast<std::int64_t>(std::llround(v * 86400.0));
  return days_from_civil(1899, 12, 30) * 86400 + secs;
}

std::optional<std::int64_t> parse_pattern(std::string_view s, const std::string& pat) {
  int y = -1, mo = -1, d = -1, h = 0, mi = 0, se = 0;
  std::size_t p = 0;
  for (std::size_t i = 0; i < pat.size(); ++i) {
    if (pat[i] != '%' || i + 1 >= pat.size()) {
      if (p >= s.size() || s[p] != pat[i]) return std::nullopt;
      ++p;
      continue;
    }
    const char conv = pat[++i];
    bool ok = true;
    switch (conv) {
      case 'Y':
        ok = number(s, p, 4, 4, y);
        break;
      case 'y':
        ok = number(s, p, 2, 2, y);
        y += y < 70 ? 2000 : 1900;
        break;
      case 'm':
        ok = number(s, p, 1, 2, mo);
        break;
      case 'd':
        ok = number(s, p, 1, 2, d);
        break;
      case 'H':
        ok = number(s, p, 1, 2, h);
        break;
      case 'M':
        ok = number(s, p, 2, 2, mi);
        break;
      case 'S':
        ok = number(s, p, 2, 2, se);
        break;
      case '%':
        ok = p < s.size() && s[p++] == '%';
        break;
      default:
        return std::nullopt;
    }
    if (!ok) return std::nullopt;
  }
  if (p != s.size()) return std::nullopt;
  return civil(y, mo, d, h, mi, se);
}

}  // namespace

std::string DateFormat::describe() const {
  switch (kind) {
    case DateKind::Iso:
      return "ISO 8601 (yyyy-mm-ddTHH:MM:SS)";
    case DateKind::DayFirst:
      return "day first (dd-mm-yyyy [HH:MM[:SS]], also with / or .)";
    case DateKind::MonthFirst:
      return "month first (mm/dd/yyyy [HH:MM[:SS]])";
    case DateKind::YearFirst:
      return "yyyy/mm/dd [HH:MM[:SS]]";
    case DateKind::ExcelSerial:
      return "Excel day numbers (days since 1899-12-30)";
    case DateKind::Custom:
      return pattern;
  }
  return {};
}

std::optional<std::int64_t> DateFormat::parse(std::string_view s0) const {
  const std::string_view s = trim(s0);
  switch (kind) {
    case DateKind::Iso:
      return parse_iso8601(s);
    case DateKind::ExcelSerial:
      return parse_excel(s);
    case DateKind::Custom:
      return parse_pattern(s, pattern);
    default:
      return parse_numeric(s, kind);
  }
}

DateFormat custom_date_format(const std::string& pattern) {
  bool y = false, m = false, d = false;
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '%') continue;
    const char c = pattern[++i];
    if (std::string_view("YymdHMS%").find(c) == std::string_view::npos)
      throw Error(ErrorCode::Usage,
                  fmt::format("--date-format '{}': %{} is not understood", pattern, c),
                  {"", "", "--date-format"},
                  "use %Y (or %y), %m, %d, %H, %M and %S, e.g. --date-format \"%d-%m-%Y %H:%M\"");
    y = y || c == 'Y' || c == 'y';
    m = m || c == 'm';
    d = d || c == 'd';
  }
  if (!y || !m || !d)
    throw Error(ErrorCode::Usage,
                fmt::format("--date-format '{}' needs a year, a month and a day", pattern),
                {"", "", "--date-format"}, "e.g. --date-format \"%d-%m-%Y %H:%M\"");
  return {DateKind::Custom, pattern};
}

DateFormat detect_date_format(const std::vector<std::string>& values, const std::string& file,
                              const std::string& column) {
  std::size_t n = 0, iso = 0, dmy = 0, mdy = 0, ymd = 0, excel = 0;
  std::string example_both, example;
  for (const auto& v0 : values) {
    const std::string_view v = trim(v0);
    if (v.empty()) continue;
    ++n;
    if (example.empty()) example = std::string(v);
    if (parse_iso8601(v)) ++iso;
    const bool d = parse_numeric(v, DateKind::DayFirst).has_value(),
               m = parse_numeric(v, DateKind::MonthFirst).has_value();
    dmy += d;
    mdy += m;
    if (d && m && example_both.empty()) {
      int a, b, c;
      std::size_t e;
      if (three(v, a, b, c, e, false) && a != b) example_both = std::string(v);
    }
    if (parse_numeric(v, DateKind::YearFirst)) ++ymd;
    if (parse_excel(v)) ++excel;
  }
  if (n == 0 || iso == n) return {DateKind::Iso, {}};
  // The format every value fits; otherwise the one most values fit (the rest are rejected
  // row by row as bad timestamps), as long as that is most of the column.
  if (dmy == n && mdy == n) {
    if (example_both.empty()) return {DateKind::DayFirst, {}};  // days equal to months: one reading
    int a, b, c;
    std::size_t e;
    three(example_both, a, b, c, e, false);
    static const char* months[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};
    throw Error(
        ErrorCode::InputFormat,
        fmt::format("the dates in column '{}' can be read day first or month first: '{}' is {} {} "
                    "or {} {}, and no "
                    "value tells which",
                    column, example_both, a, months[b - 1], b, months[a - 1]),
        {file, "", column},
        "give --date-format \"%d-%m-%Y %H:%M\" (day first) or \"%m-%d-%Y %H:%M\" (month first)");
  }
  struct Cand {
    std::size_t hits;
    DateKind kind;
  };
  const Cand cands[] = {{iso, DateKind::Iso},
                        {dmy, DateKind::DayFirst},
                        {mdy, DateKind::MonthFirst},
                        {ymd, DateKind::YearFirst},
                        {excel, DateKind::ExcelSerial}};
  const Cand* best = &cands[0];
  for (const auto& c : cands)
    if (c.hits > best->hits) best = &c;
  if (best->hits > 0 && best->hits * 2 >= n) return {best->kind, {}};
  throw Error(
      ErrorCode::InputFormat,
      fmt::format("the values of column '{}' are not dates in a form the tool knows (e.g. '{}')",
                  column, example),
      {file, "", column},
      "give the form with --date-format, e.g. --date-format \"%d-%m-%Y %H:%M\", or the right "
      "column with --time-col");
}

std::optional<std::int64_t> parse_clock(std::string_view s0) {
  const std::string_view s = trim(s0);
  std::size_t p = 0;
  int h, m, sec = 0;
  if (s.size() == 4 && s.find(':') == std::string_view::npos) {  // "2315"
    if (!number(s, p, 2, 2, h) || !number(s, p, 2, 2, m)) return std::nullopt;
  } else {
    if (!number(s, p, 1, 2, h) || p >= s.size() || (s[p] != ':' && s[p] != '.'))
      return std::nullopt;
    ++p;
    if (!number(s, p, 2, 2, m)) return std::nullopt;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!number(s, p, 2, 2, sec)) return std::nullopt;
    }
    if (p != s.size()) return std::nullopt;
  }
  if (h > 23 || m > 59 || sec > 59) return std::nullopt;
  return h * 3600 + m * 60 + sec;
}

}  // namespace hotspot::io
