#include "hotspot/core/timeutil.hpp"

#include <fmt/format.h>

namespace hotspot {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {
void civil_from_days(std::int64_t z, int& y, int& m, int& d) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yy + (m <= 2));
}

bool is_leap(int y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
int days_in_month(int y, int m) noexcept {
  static constexpr int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

// Last Sunday of a month, 01:00 UTC, as UTC seconds.
std::int64_t last_sunday_0100_utc(int y, int m) noexcept {
  const std::int64_t last =
      days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(days_in_month(y, m)));
  // 1970-01-01 was a Thursday: weekday (Mon=0) = (days + 3) mod 7.
  const std::int64_t wd = ((last + 3) % 7 + 7) % 7;
  return (last - (wd + 1) % 7) * 86400 + 3600;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) noexcept {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}
}  // namespace

CivilTime civil_from_local_seconds(std::int64_t t) noexcept {
  std::int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  std::int64_t rem = t - days * 86400;
  CivilTime c{};
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem % 3600 / 60);
  c.second = static_cast<int>(rem % 60);
  c.weekday = static_cast<int>(((days + 3) % 7 + 7) % 7);
  return c;
}

int amsterdam_offset_s(std::int64_t utc_s) noexcept {
  const CivilTime c = civil_from_local_seconds(utc_s);
  const std::int64_t start = last_sunday_0100_utc(c.year, 3);
  const std::int64_t end = last_sunday_0100_utc(c.year, 10);
  return (utc_s >= start && utc_s < end) ? 7200 : 3600;
}

std::int64_t utc_from_local(std::int64_t local_s) noexcept {
  const std::int64_t summer = local_s - 7200;
  if (amsterdam_offset_s(summer) == 7200) return summer;
  return local_s - 3600;
}

std::optional<std::int64_t> parse_iso8601(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  std::size_t p = 10;
  bool has_offset = false;
  int offset_s = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != ' ' && s[p] != 't') return std::nullopt;
    ++p;
    if (!digits(s, p, 2, h) || p + 2 >= s.size() || s[p + 2] != ':' || !digits(s, p + 3, 2, mi))
      return std::nullopt;
    p += 5;
    if (p < s.size() && s[p] == ':') {
      if (!digits(s, p + 1, 2, se)) return std::nullopt;
      p += 3;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {  // fraction: accepted, dropped
        ++p;
        const std::size_t f0 = p;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
        if (p == f0) return std::nullopt;
      }
    }
    if (h > 24 || mi > 59 || se > 60 || (h == 24 && (mi || se))) return std::nullopt;
    if (se == 60) se = 59;  // a leap second is kept in its minute
    if (p < s.size()) {
      if (s[p] == 'Z' || s[p] == 'z') {
        has_offset = true;
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        const int sign = s[p] == '-' ? -1 : 1;
        int oh, om = 0;
        if (!digits(s, p + 1, 2, oh)) return std::nullopt;
        p += 3;
        if (p < s.size() && s[p] == ':') ++p;
        if (p < s.size()) {
          if (!digits(s, p, 2, om)) return std::nullopt;
          p += 2;
        }
        if (oh > 14 || om > 59) return std::nullopt;
        has_offset = true;
        offset_s = sign * (oh * 3600 + om * 60);
      }
    }
    if (p != s.size()) return std::nullopt;
  }
  std::int64_t t = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                   h * 3600 + mi * 60 + se;
  if (has_offset) {
    const std::int64_t utc = t - offset_s;
    t = utc + amsterdam_offset_s(utc);
  }
  return t;
}

std::string format_iso8601(std::int64_t local_s) {
  const CivilTime c = civil_from_local_seconds(local_s);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", c.year, c.month, c.day, c.hour,
                     c.minute, c.second);
}

}  // namespace hotspot
