#pragma once
// Synthetic incidents (stage `synth`), calibrated on the yearly totals of the Deventer
// Voortgangsrapportage Veiligheid 2023 (../shared/seed/figures.md, copied into the README).
// The data are invented: they have the report's totals, its named places and plausible
// hour/weekday/month profiles, and nothing else in common with real incidents.
//
// Deterministic: the same seed and settings give byte-identical output on any machine
// (std::mt19937_64's sequence is fixed by the standard; the distributions are our own).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hotspot/core/run_context.hpp"

namespace hotspot::synth {

struct SynthConfig {
  std::uint64_t seed = 2023;
  int year_from = 2018;
  int year_to = 2022;
  double scale = 1.0;  ///< multiply every yearly total (for benchmarks: ~217 gives 1,000,000)
  std::filesystem::path geodata_dir;  ///< deventer_buurten/wijken/locaties.geojson
  /// Years 1900-2100, FROM <= TO, scale in (0, 1e5], and the expected number of rows (about
  /// 100 bytes each in memory) within `budget_bytes`. @throws Error(Usage), Error(Resource)
  void validate(std::uint64_t budget_bytes) const;
  /// Rows the settings are expected to write (before the random draw).
  double expected_rows() const;
};

struct SynthRecord {
  std::int64_t id;
  double x, y;  ///< EPSG:28992, rounded to 1 cm
  std::string category;
  std::int64_t time;  ///< local seconds
};

/// Yearly total of a category as calibrated (report figure or documented assumption).
int yearly_total(const std::string& category, int year);
/// The categories synth writes, in report order.
const std::vector<std::string>& categories();

/// @throws Error when the geodata are missing.
std::vector<SynthRecord> generate(const SynthConfig& cfg, RunContext& ctx);

/// Write `id,x,y,category,timestamp` atomically.
void write_csv(const std::vector<SynthRecord>& recs, const std::filesystem::path& out);

}  // namespace hotspot::synth
