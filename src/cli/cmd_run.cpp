// `hotspot run`: plan the pipeline file (every stage checked before anything is written), then
// pipeline::execute runs it (pipeline/run.hpp).
#include <fmt/format.h>

#include "common.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/pipeline/pipeline.hpp"
#include "hotspot/pipeline/run.hpp"

namespace hotspot::cli {

Runner register_run(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand(
      "run", "Run a pipeline file: every stage of this year's map, with a manifest");
  struct Opts {
    std::string file, out;
    bool internal = false;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option(
      "file", o->file,
      "Pipeline file (TOML), e.g. geodata/deventer.toml (default: the profile's pipeline)");
  sub->add_option("--out", o->out,
                  "Output folder (overrides [run] out); replaced as a whole by each run");
  sub->add_flag("--internal", o->internal,
                "Internal use: exact values (no suppression); every output marked INTERN, the "
                "store in <schema>_intern");
  add_global_options(*sub, g);
  return [o, &g]() {
    RunContext ctx;
    configure(ctx, g);
    // Plan: the whole file is checked (keys, types, ranges, inputs, @names, output names)
    // before anything is written.
    const Profile profile = load_profile(g);
    if (o->file.empty()) {
      if (profile.pipeline.empty())
        throw Error(ErrorCode::Usage, fmt::format("the profile {} names no pipeline", profile.name),
                    {profile.file.string()}, "give the pipeline file: hotspot run FILE.toml");
      o->file = profile.pipeline.string();
    }
    pipeline::Plan plan = pipeline::plan(o->file, o->out, profile);
    if (o->internal && !plan.internal) pipeline::make_internal(plan);
    if (!g.threads && plan.threads) ctx.threads = plan.threads;
    pipeline::execute(plan, o->file, profile, ctx);
    return 0;
  };
}

}  // namespace hotspot::cli
