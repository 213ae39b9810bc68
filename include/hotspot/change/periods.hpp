#pragma once
// Time bins shared by emerging, evaluate and chart: months, quarters or years of the local
// clock, as integer keys (year * 12 + month - 1, year * 4 + quarter - 1, or the year) and
// as labels ("2021-07", "2021Q3", "2021").
#include <cstdint>
#include <string>

namespace hotspot::change {

enum class TimeBin { Month, Quarter, Year };

/// "month", "quarter" or "year". @throws Error(Usage) naming `option`.
TimeBin parse_time_bin(const std::string& s, const std::string& option);
/// The bin of a local timestamp.
std::int64_t bin_key(std::int64_t local_s, TimeBin b);
/// "2021-07", "2021Q3" or "2021".
std::string bin_label(std::int64_t key, TimeBin b);
/// Local seconds at the start of the bin.
std::int64_t bin_start(std::int64_t key, TimeBin b);

}  // namespace hotspot::change
