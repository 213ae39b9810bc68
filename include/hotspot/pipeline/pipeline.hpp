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

#include "hotspot/core/error.hpp"
#include "hotspot/core/profile.hpp"
#include "hotspot/pipeline/steps.hpp"

namespace hotspot::pipeline {

struct StageCall {
  std::string stage;  ///< join, density, stats, score, route, export, render
  std::string name;   ///< output name
  int line = 0;       ///< line of the stage's table in the file
  /// The step's options as given (paths resolved, @names replaced, outputs set), in order.
  std::vector<std::pair<std::string, std::vector<std::string>>> values;
  std::vector<std::filesystem::path>
      outputs;                           ///< files it writes (for the manifest and the export)
  std::filesystem::path primary;         ///< main output, for "@name"
  std::map<std::string, int> key_lines;  ///< option -> line, for error messages

  void add(const std::string& key, const std::string& value) {
    for (auto& [k, v] : values)
      if (k == key) {
        v.push_back(value);
        return;
      }
    values.push_back({key, {value}});
  }
};

struct Plan {
  std::filesystem::path file;
  std::filesystem::path out_dir;
  std::string title;
  std::vector<StageCall> stages;
  std::vector<std::filesystem::path> inputs;  ///< every input file, for hashing
  std::string settings_json;                  ///< the resolved settings
  unsigned threads = 0;                       ///< [run] threads (0 = every core)
  std::string store;                          ///< [run] store: a PostGIS connection ("" = none)
  std::string store_schema;                   ///< [run] schema in the store ("" = the connection's)
  bool internal = false;  ///< [run] internal or `run --internal`: exact values, marked INTERN
  std::vector<std::filesystem::path> results;  ///< the result layers (the export's and the store's)
};

/// Read and check the pipeline file: keys, types, ranges and combinations of every stage,
/// inputs that exist, @names, output names. `out_override` replaces [run] out; the profile
/// gives the working CRS, the folder where shipped layers are looked up and the named places.
/// @throws Error naming the file, the line, the key and the fix.
Plan plan(const std::filesystem::path& file, const std::string& out_override,
          const Profile& profile);

/// The step of a stage with its options assigned and validated.
/// @throws Error naming the file, the line and the key.
std::unique_ptr<StepInstance> instantiate(const StageCall& c, const std::filesystem::path& file,
                                          step::Env& env);

/// Make the run internal (exact values): the export and the map are marked INTERN and the store
/// writes into a schema of its own.
void make_internal(Plan& p);
/// The store's schema: [run] schema, or for an internal run "<schema>_intern" ("public_intern").
std::string store_schema(const Plan& p);

/// The same plan writing into `staging` instead of its out folder: every output path (and
/// the folder of a stage that writes one) is moved there; inputs stay where they are.
Plan staged(const Plan& p, const std::filesystem::path& staging);

/// An error of a stage's step, told in the pipeline's terms: the file, the line of the key,
/// and option names as keys ("cell-m", not "--cell-m").
Error stage_error(const Error& e, const StageCall& c, const OptionSet& options,
                  const std::filesystem::path& file);

/// Levenshtein distance (for "did you mean").
std::size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace hotspot::pipeline
