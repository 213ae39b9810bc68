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
  /// Hour h belongs to the evening before (the tail of a range past midnight, "22-02"):
  /// its day of the week is the previous day's.
  std::array<bool, 24> evening_before;
  std::array<bool, 7> days;  ///< Monday = 0
  IncidentFilter() {
    hours.fill(true);
    evening_before.fill(false);
    days.fill(true);
  }

  bool uses_time() const noexcept;
  /// Human-readable, for metadata: "category=jeugdoverlast; hours=18-23; days=sat,sun".
  std::string describe() const;
};

/// Hours of the day as a selection: ranges are half-open, "18-23" is 18:00 to 23:00 and
/// "22-02" 22:00 to 02:00 (past midnight); single hours "8,9,10" are those clock hours;
/// "18-24" runs to midnight. The hours after midnight of a range that passes it belong to the
/// evening it started: with --days fri,sat, "22-02" is Friday 22:00 to Saturday 02:00 and
/// Saturday 22:00 to Sunday 02:00. @throws Error(Usage)
struct HourSelection {
  std::array<bool, 24> hours{};
  std::array<bool, 24> evening_before{};
};
HourSelection parse_hours(const std::string& s);
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
