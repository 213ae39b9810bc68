#pragma once
// The command line of a step, made from its option declarations (core/options.hpp): CLI11
// only splits the words; OptionSet converts and checks them, as it does for the pipeline.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "hotspot/core/options.hpp"

namespace hotspot::cli {

struct BoundOptions {
  std::vector<std::pair<std::string, CLI::Option*>> options;  ///< key -> its CLI11 option
};

/// Add every declared option to `app` (help text with unit, default, allowed values, range).
std::shared_ptr<BoundOptions> bind_options(CLI::App& app, const OptionSet& set);
/// After parsing: give every option that was on the command line its words. @throws Error(Usage)
void apply_options(const BoundOptions& bound, OptionSet& set);

}  // namespace hotspot::cli
