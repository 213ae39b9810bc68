#include <catch2/catch.hpp>

#include "hotspot/core/column.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/filter.hpp"
#include "hotspot/io/csv.hpp"

using namespace hotspot;

namespace {
/// Six incidents: two categories, times spread over a week and the clock.
IncidentTable six() {
  IncidentTable t;
  const char* when[] = {"2023-06-03T22:30:00",  // Saturday evening
                        "2023-06-04T01:15:00",  // Sunday night
                        "2023-06-05T09:00:00",  // Monday morning
                        "2023-06-09T23:59:00",  // Friday late
                        "2023-07-01T12:00:00",  // a month later, Saturday noon
                        ""};                    // no timestamp
  const char* cat[] = {"jeugdoverlast", "drugs", "jeugdoverlast",
                       "jeugdoverlast", "drugs", "jeugdoverlast"};
  for (int i = 0; i < 6; ++i)
    t.push(1000.0 + i, 2000.0 + i, *when[i] ? *parse_iso8601(when[i]) : kNoTime,
           t.categories.id_of(cat[i]), 1.0 + i, 10 + i);
  t.has_time = true;
  return t;
}
std::vector<std::int64_t> lines(const IncidentTable& t) {
  return {t.source_line.begin(), t.source_line.end()};
}
}  // namespace

TEST_CASE(
    "filter: categories, hours across midnight, weekdays and dates, filtered in place in order",
    "[core][filter]") {
  IncidentFilter f;
  CHECK(apply_filter(six(), f).size() == 6);  // no filter: everything, even without a time

  f.categories = {"jeugdoverlast"};
  f.hours = parse_hours("22-02").hours;
  auto t = filtered(six(), f);
  CHECK(lines(t) == std::vector<std::int64_t>{10, 13});  // 22:30 and 23:59; 01:15 is drugs
  CHECK(t.weight[1] == 4.0);                             // columns move together
  CHECK(t.x[1] == 1003.0);

  IncidentFilter days;
  days.days = parse_days("za,zo");
  CHECK(lines(filtered(six(), days)) == std::vector<std::int64_t>{10, 11, 14});

  IncidentFilter dates;
  dates.from = parse_date_option("2023-06-04", "--from");
  dates.to = parse_date_option("2023-06-10", "--to");  // exclusive end: the day after
  CHECK(lines(filtered(six(), dates)) == std::vector<std::int64_t>{11, 12, 13});

  // Half-open ranges, and the evening rule: 01:15 on Sunday belongs to Saturday evening.
  CHECK_FALSE(parse_hours("18-23").hours[23]);
  CHECK(parse_hours("18-24").hours[23]);
  CHECK_FALSE(parse_hours("22-02").hours[2]);
  CHECK_THROWS_AS(parse_hours("22-22"), Error);
  IncidentFilter night;
  night.hours = parse_hours("22-02").hours;
  night.evening_before = parse_hours("22-02").evening_before;
  night.days = parse_days("fri,sat");
  // Saturday 22:30 and Sunday 01:15 (Saturday's evening) are in; Friday 23:59 too.
  CHECK(lines(filtered(six(), night)) == std::vector<std::int64_t>{10, 11, 13});
  night.days = parse_days("sun");
  CHECK(lines(filtered(six(), night)).empty());  // Sunday 01:15 is not Sunday evening

  IncidentFilter unknown;
  unknown.categories = {"inbraak"};
  CHECK_THROWS_AS(apply_filter(six(), unknown), Error);
}

TEST_CASE("column: resize leaves numbers as they are, big buffers are 2 MiB aligned", "[core]") {
  Column<double> c;
  c.resize(10, 0.0);
  c[3] = 42.0;
  c.resize(5);
  c.resize(8);  // regrown in place (capacity 10): slot 3 untouched, new slots not zeroed
  CHECK(c[3] == 42.0);
  Column<std::int64_t> big(std::size_t{3} << 20);  // 24 MiB
  CHECK(reinterpret_cast<std::uintptr_t>(big.data()) % (std::size_t{2} << 20) == 0);
  big.back() = 7;
  Column<std::int64_t> copy = big;
  CHECK(copy.back() == 7);
}

TEST_CASE("csv: count_byte counts across block boundaries", "[io]") {
  std::string s(1000, 'a');
  for (std::size_t i = 0; i < s.size(); i += 7) s[i] = '\n';
  CHECK(io::count_byte(s, '\n') == (1000 + 6) / 7);
  CHECK(io::count_byte(std::string_view(s).substr(1, 254), '\n') == 36);
  CHECK(io::count_byte("", '\n') == 0);
}
