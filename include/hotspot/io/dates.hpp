#pragma once
// Dates as exports have them (issue 14). ISO 8601 (timeutil.hpp), the Dutch and GDAL forms
// `dd-mm-yyyy[ HH:MM[:SS]]`, `dd/mm/yyyy ...`, `dd.mm.yyyy ...`, `yyyy/mm/dd HH:MM:SS`, the
// American month-first order, Excel serial day numbers, a time of day in its own column, and
// any strptime-style format given with --date-format (%Y %y %m %d %H %M %S %%, other
// characters literal).
//
// The format of a column is decided from the whole column, never row by row: 03-04-2022
// must not be 3 April in one row and 4 March in the next. A column whose values fit both
// day-first and month-first (every day and month <= 12) is an error naming both readings.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotspot::io {

enum class DateKind { Iso, DayFirst, MonthFirst, YearFirst, ExcelSerial, Custom };

struct DateFormat {
  DateKind kind = DateKind::Iso;
  std::string pattern;  ///< the strptime-style pattern of Custom
  /// "ISO 8601", "dd-mm-yyyy [HH:MM[:SS]]", ..., or the pattern.
  std::string describe() const;
  /// Local seconds, or nullopt when the text does not have this format.
  std::optional<std::int64_t> parse(std::string_view s) const;
};

/// A format from --date-format ("%d-%m-%Y %H:%M"). @throws Error(Usage) for an unknown
/// conversion or a pattern without %Y/%y, %m and %d.
DateFormat custom_date_format(const std::string& pattern);

/// Decide the format of a column from its non-empty values. ISO wins when every value is
/// ISO; otherwise the numeric order that every value fits. @throws Error(InputFormat) when the
/// values fit day-first and month-first alike (naming both readings of an example), or when
/// no format fits most values (naming an example and --date-format).
DateFormat detect_date_format(const std::vector<std::string>& values, const std::string& file,
                              const std::string& column);

/// A time of day "23:15", "23:15:00", "9:05" or "2315" as seconds after midnight.
std::optional<std::int64_t> parse_clock(std::string_view s);

}  // namespace hotspot::io
