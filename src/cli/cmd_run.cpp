#include <chrono>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/hash.hpp"
#include "hotspot/pipeline/out_folder.hpp"
#include "hotspot/pipeline/pipeline.hpp"

namespace hotspot::cli {

namespace {

/// A stage's error, pointed at its line in the pipeline file (and at the key when the message
/// names an option).
Error at_stage(const Error& e, const pipeline::StageCall& st, const std::string& file) {
  int line = st.line;
  std::string key;
  for (const auto& [kk, ln] : st.key_lines)
    if (std::string(e.what()).find("--" + kk) != std::string::npos || e.where().field == "--" + kk || e.where().field == kk) {
      line = ln;
      key = kk;
    }
  return Error(e.code(),
               fmt::format("line {}: [{}] '{}'{}: {}", line, st.stage, st.name, key.empty() ? "" : fmt::format(", key '{}'", key),
                           e.message()),
               {file}, e.fix().empty() ? "fix the stage in the pipeline file" : "");
}

std::vector<std::string> stage_argv(const pipeline::StageCall& st, const GlobalOptions& g) {
  std::vector<std::string> argv = st.argv;
  if (g.quiet) argv.push_back("-q");
  if (g.verbose) argv.push_back("-v");
  if (g.threads) argv.insert(argv.end(), {"--threads", std::to_string(g.threads)});
  if (g.max_memory_mb) argv.insert(argv.end(), {"--max-memory-mb", std::to_string(g.max_memory_mb)});
  if (!g.geodata.empty() && st.stage != "export" && st.stage != "render" && st.stage != "join")
    argv.insert(argv.end(), {"--geodata", g.geodata});
  return argv;
}

double rounded_ms(double s) { return std::round(s * 1000) / 1000; }

}  // namespace

Runner register_run(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("run", "Run a pipeline file: every stage of this year's map, with a manifest");
  struct Opts {
    std::string file, out;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("file", o->file, "Pipeline file (TOML), e.g. geodata/deventer.toml")->required();
  sub->add_option("--out", o->out, "Output folder (overrides [run] out); replaced as a whole by each run");
  add_global_options(*sub, g);
  return [o, &g]() {
    RunContext ctx;
    configure(ctx, g);
    const auto t0 = std::chrono::steady_clock::now();
    // Plan: the whole file is checked (keys, types, ranges, inputs, @names, output names)
    // before anything is written.
    const pipeline::Plan plan = pipeline::plan(o->file, o->out, option_names, geodata_dir(g));
    for (const auto& st : plan.stages) {
      try {
        RunRecord probe;
        run_argv(stage_argv(st, g), &probe, true);
      } catch (const Error& e) {
        throw at_stage(e, st, o->file);
      }
    }
    // Run: into a staging folder beside the out folder, published with one switch at the end.
    pipeline::OutFolderLock lock(plan.out_dir);
    pipeline::StagedRun staging(plan.out_dir);
    const pipeline::Plan run = pipeline::staged(plan, staging.dir());
    ctx.debug("writing into {}, published to {} at the end", staging.dir().string(), plan.out_dir.string());
    nlohmann::ordered_json manifest;
    manifest["tool"] = {{"name", "hotspot"}, {"version", HOTSPOT_VERSION}};
    manifest["pipeline"] = {{"file", o->file}, {"sha256", sha256_file(o->file)}};
    manifest["settings"] = nlohmann::ordered_json::parse(plan.settings_json);
    for (const auto& f : plan.inputs)
      manifest["inputs"].push_back({{"file", f.string()}, {"bytes", std::filesystem::file_size(f)}, {"sha256", sha256_file(f)}});
    std::size_t k = 0;
    for (const auto& st : run.stages) {
      ++k;
      ctx.info("[{}/{}] {} '{}'", k, run.stages.size(), st.stage, st.name);
      RunRecord rec;
      const auto s0 = std::chrono::steady_clock::now();
      try {
        const int rc = run_argv(stage_argv(st, g), &rec);
        if (rc != 0) throw Error(ErrorCode::Internal, fmt::format("stage ended with code {}", rc));
      } catch (const Error& e) {
        throw at_stage(e, st, o->file);
      }
      nlohmann::ordered_json sj{{"stage", st.stage}, {"name", st.name},
                                {"seconds", rounded_ms(std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count())}};
      if (!rec.summaries.empty()) sj["incidents"] = rec.summaries.back();
      manifest["stages"].push_back(sj);
    }
    // The manifest lists every file the run wrote, and nothing else is published.
    manifest["outputs"] = nlohmann::ordered_json::array();
    for (const auto& f : pipeline::list_files(staging.dir()))
      manifest["outputs"].push_back(
          {{"file", f}, {"bytes", std::filesystem::file_size(staging.dir() / f)}, {"sha256", sha256_file(staging.dir() / f)}});
    manifest["seconds_total"] = rounded_ms(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    write_file_atomically(staging.dir() / "manifest.json", manifest.dump(2) + "\n");
    ctx.debug("publishing {} files to {}", manifest["outputs"].size() + 1, plan.out_dir.string());
    staging.publish();
    ctx.info("pipeline '{}': {} stages in {:.1f} s; results and manifest.json in {}", plan.title, plan.stages.size(),
             manifest["seconds_total"].get<double>(), plan.out_dir.string());
    return 0;
  };
}

}  // namespace hotspot::cli
