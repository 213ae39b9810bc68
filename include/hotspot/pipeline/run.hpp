#pragma once
// Running a planned pipeline (stage `pipeline.run`), for the command line and any other program:
// the stages run in this process in order, each input read once (step::InputCache), results
// passed on in memory (step::Results), the count tables protected jointly, into a staging
// folder beside the out folder; then the store (when [run] store is set), the manifest listing
// every file with its hash, and one atomic switch that publishes the folder. A run that fails
// or is killed leaves the out folder exactly as the previous run left it; a second run into a
// folder in use is refused (exit 7, naming the other process).
#include <filesystem>

#include "hotspot/core/profile.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/pipeline/pipeline.hpp"

namespace hotspot::pipeline {

/// Run `plan` (from pipeline::plan on `file`) and publish its out folder.
/// @throws Error naming the stage, the file, the line and the key; nothing is published then.
void execute(const Plan& plan, const std::filesystem::path& file, const Profile& profile,
             RunContext& ctx);

}  // namespace hotspot::pipeline
