#pragma once
// Shared CLI pieces: options every subcommand has, and the run context they build.
#include <filesystem>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "hotspot/core/run_context.hpp"
#include "hotspot/core/filter.hpp"
#include "hotspot/core/profile.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/io/incident_reader.hpp"

namespace hotspot::cli {

/// What one in-process run reports back to a pipeline.
struct RunRecord {
  std::vector<std::string> summaries;  ///< "read N, joined J, outside O, rejected R" lines
};

struct GlobalOptions {
  RunRecord* record = nullptr;
  bool quiet = false;
  bool verbose = false;
  unsigned threads = 0;
  std::uint64_t max_memory_mb = 0;  ///< 0 = 80 % of physical memory
  std::string geodata;  ///< folder with the shipped Deventer layers
  std::string profile;  ///< municipality profile file (default: <geodata>/deventer.profile.toml)
};

/// The profile of --profile, else <geodata>/deventer.profile.toml.
Profile load_profile(const GlobalOptions& g);

void add_global_options(CLI::App& app, GlobalOptions& g);
void configure(RunContext& ctx, const GlobalOptions& g);

/// The folder with deventer_*.geojson: --geodata, else ./geodata, else $HOTSPOT_GEODATA,
/// else the source tree's geodata/ this binary was built from.
std::filesystem::path geodata_dir(const GlobalOptions& g);

/// --incidents and its column/CRS options, shared by join, density, stats, score, route.
void add_incident_options(CLI::App& app, io::IncidentSourceConfig& cfg, bool required = true);

/// The rejects file: the one given, or "<first output stem>.rejects.csv" beside it.
std::filesystem::path rejects_path(const std::string& given, const std::filesystem::path& first_out);

/// "read N, joined J, outside O, rejected R" (the contract line on stderr).
std::string summary_line(std::uint64_t read, std::uint64_t joined, std::uint64_t outside, std::uint64_t rejected);
/// The same with the filter term of commands that select incidents:
/// "read N, joined J, outside O, rejected R, filtered F", read = J + O + R + F.
std::string summary_line(std::uint64_t read, std::uint64_t joined, std::uint64_t outside, std::uint64_t rejected,
                         std::uint64_t filtered);

/// ", geocoded G" when an address file was given (appended to the summary line), else "".
std::string geocoded_term(const io::ReadStats& st);

/// --category/--from/--to/--hours/--days, shared by density, stats, score and route.
struct FilterOptions {
  std::vector<std::string> categories;
  std::string from, to, hours, days;
};
void add_filter_options(CLI::App& app, FilterOptions& f, const char* days_flag = "--days");
IncidentFilter make_filter(const FilterOptions& f);
/// Apply the filter in place; `n_filtered` = rows it removed. Rows without a timestamp cannot
/// pass a date, hour or day filter: they are counted as filtered, and a warning says so.
IncidentTable select_incidents(IncidentTable&& all, const IncidentFilter& f, RunContext& ctx, const std::string& path,
                               std::uint64_t& n_filtered);

/// Read incidents, write rejects beside `first_out` (or to `rejects_file`), and refuse an
/// input where every row was rejected (after printing the summary line).
io::ReadStats read_incidents_or_fail(const io::IncidentSourceConfig& cfg, IncidentTable& out, RejectsSink& rejects,
                                     RunContext& ctx, const std::string& rejects_file,
                                     const std::filesystem::path& first_out);

/// The study area of a grid command: --extent (every cell) or --mask (the cells whose centre
/// is inside; the grid over the mask's bounding box, snapped to whole cells), one of the two.
/// @throws Error(Usage) for neither or both, Error(Resource) beyond 50 million cells.
Grid study_grid(const std::string& extent, const std::string& mask, double cell_m, RunContext& ctx,
                std::vector<std::uint8_t>& mask_cells);

/// Bytes of memory this machine can give a computation (80 % of physical memory).
std::uint64_t memory_budget();

// Subcommands: each registers itself on the app and returns the function that runs it.
using Runner = std::function<int()>;
Runner register_run(CLI::App& app, GlobalOptions& g);
Runner register_inspect(CLI::App& app, GlobalOptions& g);

/// Build the command line and run one command (argv without the program name). With a
/// record, command-line errors are thrown as Error instead of printed. `parse_only` checks the
/// options (names, types, ranges) without running the command.
int run_argv(const std::vector<std::string>& args, RunRecord* record, bool parse_only = false);
/// The long option names of a subcommand (for checking pipeline files).
std::vector<std::string> option_names(const std::string& subcommand);

}  // namespace hotspot::cli
