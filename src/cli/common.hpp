#pragma once
// Shared CLI pieces: options every subcommand has, and the run context they build.
#include <filesystem>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "hotspot/core/profile.hpp"
#include "hotspot/core/run_context.hpp"

namespace hotspot::cli {

struct GlobalOptions {
  bool quiet = false;
  bool verbose = false;
  bool progress_lines = false;
  unsigned threads = 0;
  std::uint64_t max_memory_mb = 0;  ///< 0 = 80 % of physical memory
  std::string geodata;              ///< folder with the shipped Deventer layers
  std::string profile;  ///< municipality profile file (default: <geodata>/deventer.profile.toml)
};

/// The profile of --profile, else <geodata>/deventer.profile.toml.
Profile load_profile(const GlobalOptions& g);

void add_global_options(CLI::App& app, GlobalOptions& g);
void configure(RunContext& ctx, const GlobalOptions& g);

/// The folder with deventer_*.geojson: --geodata, else ./geodata, else $HOTSPOT_GEODATA,
/// else the source tree's geodata/ this binary was built from.
std::filesystem::path geodata_dir(const GlobalOptions& g);

// Subcommands: each registers itself on the app and returns the function that runs it.
using Runner = std::function<int()>;
Runner register_run(CLI::App& app, GlobalOptions& g);
Runner register_inspect(CLI::App& app, GlobalOptions& g);
Runner register_describe(CLI::App& app, GlobalOptions& g);
Runner register_style(CLI::App& app, GlobalOptions& g);

/// Build the command line and run one command (argv without the program name).
int run_argv(const std::vector<std::string>& args);

}  // namespace hotspot::cli
