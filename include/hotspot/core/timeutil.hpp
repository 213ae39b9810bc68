#pragma once
// Timestamps as analysts have them: ISO 8601 dates and date-times, with or without a UTC
// offset. Internally a timestamp is "local seconds": seconds since 1970-01-01T00:00:00 of
// the Europe/Amsterdam wall clock. A timestamp without an offset is taken as that wall clock
// (police and municipal exports are local time); one with `Z` or `+hh:mm` is converted to it
// with the EU summer-time rule (last Sunday of March to last Sunday of October, 01:00 UTC).
// Hour-of-day and day-of-week filters then mean what a user expects.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot {

/// Sentinel for "no timestamp".
inline constexpr std::int64_t kNoTime = INT64_MIN;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept;

struct CivilTime {
  int year, month, day, hour, minute, second;
  int weekday;  ///< 0 = Monday .. 6 = Sunday (ISO)
};
CivilTime civil_from_local_seconds(std::int64_t t) noexcept;

/// UTC offset of Europe/Amsterdam, in seconds, at the UTC instant `utc_s`.
int amsterdam_offset_s(std::int64_t utc_s) noexcept;

/// The UTC instant of an Amsterdam wall-clock time (local seconds). A wall clock that does
/// not exist (the hour skipped in March) is read as standard time, i.e. an hour later on the
/// summer clock; one that exists twice (October) is its first, summer-time occurrence.
std::int64_t utc_from_local(std::int64_t local_s) noexcept;
/// The Amsterdam wall clock (local seconds) at a UTC instant.
inline std::int64_t local_from_utc(std::int64_t utc_s) noexcept {
  return utc_s + amsterdam_offset_s(utc_s);
}

/// Parse "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" (T or space), optional "Z" or
/// "+hh[:mm]"/"-hh[:mm]". Returns local seconds, or nullopt when malformed or impossible
/// (month 13, 30 February, hour 25 ...).
std::optional<std::int64_t> parse_iso8601(std::string_view s) noexcept;

/// "YYYY-MM-DDTHH:MM:SS" of local seconds.
std::string format_iso8601(std::int64_t local_s);

}  // namespace hotspot
