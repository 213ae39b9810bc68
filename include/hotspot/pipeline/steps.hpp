#pragma once
// The list of steps (issue 12): one entry per capability, each made from its typed config and
// its declare/validate/run functions. The command line registers a subcommand per entry, the
// pipeline makes a stage per table, and `hotspot describe --json` prints them: one list, in
// one place, no static self-registration.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "hotspot/core/options.hpp"
#include "hotspot/step/step.hpp"

namespace hotspot::pipeline {

/// One step with its config and the options bound to it.
class StepInstance {
 public:
  virtual ~StepInstance() = default;
  OptionSet& options() noexcept { return options_; }
  const OptionSet& options() const noexcept { return options_; }
  /// Checks that need no input: combinations, formats, output names. @throws Error
  virtual void validate(step::Env& env) = 0;
  /// The work. @throws Error
  virtual void run(step::Env& env) = 0;

 protected:
  OptionSet options_;
};

struct StepDef {
  std::string name;     ///< subcommand, pipeline table, provider algorithm id (hotspot:<name>)
  std::string summary;  ///< one line, for --help and the QGIS toolbox
  std::string group;    ///< "analysis", "maps", "change", "data"
  std::function<std::unique_ptr<StepInstance>()> make;
};

/// Every step, in the order of the help text.
const std::vector<StepDef>& steps();
/// @returns nullptr for an unknown name.
const StepDef* find_step(const std::string& name);

}  // namespace hotspot::pipeline
