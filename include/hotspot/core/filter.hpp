#pragma once
// Incident filters shared by density, stats, score and route: categories, a date range,
// hours of the day and days of the week (on local time, see timeutil.hpp).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"

namespace hotspot {

struct IncidentFilter {
  std::vector<std::string> categories;  ///< empty = all
  std::optional<std::int64_t> from;     ///< local seconds, inclusive
  std::optional<std::int64_t> to;       ///< local seconds, exclusive (the day after --to)
  std::array<bool, 24> hours;           ///< hour h allowed
  std::array<bool, 7> days;             ///< Monday = 0
  IncidentFilter() { hours.fill(true); days.fill(true); }

  bool uses_time() const noexcept;
  /// Human-readable, for metadata: "category=jeugdoverlast; hours=18-23; days=sat,sun".
  std::string describe() const;
};

/// Parse "18-23" (inclusive; "22-4" wraps past midnight) or "8,9,10" into an hour mask.
std::array<bool, 24> parse_hours(const std::string& s);
/// Parse "sat,sun", "mon-fri", "za,zo" (Dutch too) into a weekday mask.
std::array<bool, 7> parse_days(const std::string& s);
/// Parse "YYYY-MM-DD" (or a full ISO timestamp) to local seconds. @throws Error(Usage)
std::int64_t parse_date_option(const std::string& s, const char* option);

/// The rows that pass. Rows without a timestamp fail any time-based condition.
/// @throws Error(Usage) for a category the table does not have (names the ones it has).
std::vector<std::uint32_t> apply_filter(const IncidentTable& t, const IncidentFilter& f);

/// Keep only `rows` (ascending, from apply_filter), in place.
void keep_rows(IncidentTable& t, const std::vector<std::uint32_t>& rows);
/// The table filtered in place and handed back (no copy; nothing moves when all rows pass).
IncidentTable filtered(IncidentTable&& t, const IncidentFilter& f);

}  // namespace hotspot
