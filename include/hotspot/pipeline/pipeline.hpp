#pragma once
// The pipeline file (stage `pipeline.plan`): one TOML file says which data, which filters
// and which settings make this year's map. Each stage table uses the option names of its
// subcommand (`bandwidth-m`, `grid-m`, `category` ...), so a stage can be tried alone on
// the command line and pasted into the file:
//
//   [run]      title, out (folder, relative to the file), threads
//   [inputs]   incidents (used by every stage that reads incidents, unless it names its own)
//   [[join]] [[density]] [[stats]] [[score]] [[route]]   name = "...", then subcommand options
//   [export]   gpkg = "deventer.gpkg", png = "deventer.png", title, suppress-below, ...
//
// Paths are relative to the pipeline file; "@name" refers to the main output of an earlier
// stage (e.g. stops = "@overlast_hotspots"). Outputs are named after the stage: out/<name>.*.
// Unknown keys, wrong types and missing inputs are errors that name the key, its line and
// (for unknown keys) the nearest valid key; nothing runs until the whole file checks out.
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace hotspot::pipeline {

struct StageCall {
  std::string stage;  ///< join, density, stats, score, route, export, render
  std::string name;   ///< output name
  int line = 0;       ///< line of the stage's table in the file
  std::vector<std::string> argv;              ///< the subcommand and its options
  std::vector<std::filesystem::path> outputs; ///< files it writes (for the manifest and the export)
  std::filesystem::path primary;              ///< main output, for "@name"
  std::map<std::string, int> key_lines;       ///< option -> line, for error messages
};

struct Plan {
  std::filesystem::path file;
  std::filesystem::path out_dir;
  std::string title;
  std::vector<StageCall> stages;
  std::vector<std::filesystem::path> inputs;  ///< every input file, for hashing
  std::string settings_json;                  ///< the resolved settings
};

/// Option names of each subcommand (from the CLI), to check keys against.
using OptionLookup = std::function<std::vector<std::string>(const std::string& subcommand)>;

/// Read and check the pipeline file. `out_override` replaces [run] out.
/// @throws Error naming the file, the line, the key and the fix.
Plan plan(const std::filesystem::path& file, const std::string& out_override, const OptionLookup& options,
          const std::filesystem::path& geodata_dir);

/// The same plan writing into `staging` instead of its out folder: every output path (and
/// the folder of a stage that writes one) is moved there; inputs stay where they are.
Plan staged(const Plan& p, const std::filesystem::path& staging);

/// Levenshtein distance (for "did you mean").
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace hotspot::pipeline
