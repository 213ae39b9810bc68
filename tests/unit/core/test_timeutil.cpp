#include <catch2/catch.hpp>

#include "hotspot/core/timeutil.hpp"

using namespace hotspot;

TEST_CASE("core.time: ISO 8601 forms analysts export", "[core][time]") {
  const std::int64_t base = days_from_civil(2022, 6, 30) * 86400 + 21 * 3600 + 15 * 60;
  CHECK(parse_iso8601("2022-06-30T21:15:00") == base);
  CHECK(parse_iso8601("2022-06-30 21:15") == base);
  CHECK(parse_iso8601("2022-06-30T21:15:00.250") == base);
  CHECK(parse_iso8601("  2022-06-30T21:15:00  ") == base);
  CHECK(parse_iso8601("2022-06-30") == days_from_civil(2022, 6, 30) * 86400);
  // With an offset: converted to Amsterdam wall-clock time (summer: UTC+2).
  CHECK(parse_iso8601("2022-06-30T19:15:00Z") == base);
  CHECK(parse_iso8601("2022-06-30T20:15:00+01:00") == base);
  // Winter: UTC+1.
  CHECK(parse_iso8601("2022-01-10T10:00:00Z") == days_from_civil(2022, 1, 10) * 86400 + 11 * 3600);
  // The switch: 2022-03-27 01:00 UTC.
  CHECK(amsterdam_offset_s(days_from_civil(2022, 3, 27) * 86400 + 3599) == 3600);
  CHECK(amsterdam_offset_s(days_from_civil(2022, 3, 27) * 86400 + 3600) == 7200);
  CHECK(amsterdam_offset_s(days_from_civil(2022, 10, 30) * 86400 + 3600) == 3600);
}

TEST_CASE("core.time: malformed or impossible timestamps are refused", "[core][time]") {
  for (const char* bad : {"", "yesterday", "2022-13-01", "2022-02-30", "2021-02-29",
                          "2022-06-30T25:00", "2022-06-30T21:61", "30-06-2022", "2022/06/30",
                          "2022-06-30T21:15:00+99:00", "2022-06-30T21:15:00 extra", "2022-6-30"}) {
    INFO(bad);
    CHECK_FALSE(parse_iso8601(bad).has_value());
  }
  CHECK(parse_iso8601("2020-02-29").has_value());  // leap year
}

TEST_CASE("core.time: civil round trip and weekday", "[core][time]") {
  const auto t = *parse_iso8601("2023-01-01T00:00:00");  // a Sunday
  const CivilTime c = civil_from_local_seconds(t);
  CHECK(c.weekday == 6);
  CHECK(format_iso8601(t) == "2023-01-01T00:00:00");
  CHECK(format_iso8601(*parse_iso8601("1999-12-31T23:59:59")) == "1999-12-31T23:59:59");
}
