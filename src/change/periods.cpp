#include "hotspot/change/periods.hpp"

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/timeutil.hpp"

namespace hotspot::change {

TimeBin parse_time_bin(const std::string& s, const std::string& option) {
  if (s == "month") return TimeBin::Month;
  if (s == "quarter") return TimeBin::Quarter;
  if (s == "year") return TimeBin::Year;
  throw Error(ErrorCode::Usage, fmt::format("{} '{}' is not month, quarter or year", option, s),
              {"", "", option}, fmt::format("e.g. {} year", option));
}

std::int64_t bin_key(std::int64_t t, TimeBin b) {
  const CivilTime c = civil_from_local_seconds(t);
  switch (b) {
    case TimeBin::Month:
      return std::int64_t{c.year} * 12 + (c.month - 1);
    case TimeBin::Quarter:
      return std::int64_t{c.year} * 4 + (c.month - 1) / 3;
    default:
      return c.year;
  }
}

std::string bin_label(std::int64_t k, TimeBin b) {
  switch (b) {
    case TimeBin::Month:
      return fmt::format("{:04d}-{:02d}", k / 12, k % 12 + 1);
    case TimeBin::Quarter:
      return fmt::format("{:04d}Q{}", k / 4, k % 4 + 1);
    default:
      return fmt::format("{:04d}", k);
  }
}

std::int64_t bin_start(std::int64_t k, TimeBin b) {
  switch (b) {
    case TimeBin::Month:
      return days_from_civil(k / 12, static_cast<unsigned>(k % 12 + 1), 1) * 86400;
    case TimeBin::Quarter:
      return days_from_civil(k / 4, static_cast<unsigned>(3 * (k % 4) + 1), 1) * 86400;
    default:
      return days_from_civil(k, 1, 1) * 86400;
  }
}

}  // namespace hotspot::change
