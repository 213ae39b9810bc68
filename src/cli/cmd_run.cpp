#include <signal.h>

#include <chrono>
#include <regex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/hash.hpp"
#include "hotspot/pipeline/pipeline.hpp"

namespace hotspot::cli {

namespace {

/// Temporary files of runs that were killed (".<name>.tmp-<pid>-<n>.<ext>" of a dead pid).
void remove_stale_temporaries(const std::filesystem::path& dir, RunContext& ctx) {
  if (!std::filesystem::exists(dir)) return;
  static const std::regex tmp(R"(^\..*\.tmp-(\d+)-\d+.*$)");
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    std::smatch m;
    const std::string name = e.path().filename().string();
    if (!std::regex_match(name, m, tmp)) continue;
    const int pid = std::stoi(m[1]);
    if (pid != ::getpid() && ::kill(pid, 0) != 0) {
      std::error_code ec;
      std::filesystem::remove(e.path(), ec);
      ctx.debug("removed {} (left by an interrupted run)", e.path().string());
    }
  }
}

}  // namespace

Runner register_run(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("run", "Run a pipeline file: every stage of this year's map, with a manifest");
  struct Opts {
    std::string file, out;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("file", o->file, "Pipeline file (TOML), e.g. geodata/deventer.toml")->required();
  sub->add_option("--out", o->out, "Output folder (overrides [run] out)");
  add_global_options(*sub, g);
  return [o, &g]() {
    RunContext ctx;
    configure(ctx, g);
    const auto t0 = std::chrono::steady_clock::now();
    const pipeline::Plan plan = pipeline::plan(o->file, o->out, option_names, geodata_dir(g));
    std::filesystem::create_directories(plan.out_dir);
    remove_stale_temporaries(plan.out_dir, ctx);
    nlohmann::ordered_json manifest;
    manifest["tool"] = {{"name", "hotspot"}, {"version", HOTSPOT_VERSION}};
    manifest["pipeline"] = {{"file", o->file}, {"sha256", sha256_file(o->file)}};
    manifest["settings"] = nlohmann::ordered_json::parse(plan.settings_json);
    for (const auto& f : plan.inputs)
      manifest["inputs"].push_back({{"file", f.string()}, {"bytes", std::filesystem::file_size(f)}, {"sha256", sha256_file(f)}});
    std::size_t k = 0;
    for (const auto& st : plan.stages) {
      ++k;
      ctx.info("[{}/{}] {} '{}'", k, plan.stages.size(), st.stage, st.name);
      std::vector<std::string> argv = st.argv;
      if (g.quiet) argv.push_back("-q");
      if (g.verbose) argv.push_back("-v");
      if (g.threads) argv.insert(argv.end(), {"--threads", std::to_string(g.threads)});
      if (!g.geodata.empty() && st.stage != "export" && st.stage != "render" && st.stage != "join")
        argv.insert(argv.end(), {"--geodata", g.geodata});
      RunRecord rec;
      const auto s0 = std::chrono::steady_clock::now();
      try {
        const int rc = run_argv(argv, &rec);
        if (rc != 0) throw Error(ErrorCode::Internal, fmt::format("stage ended with code {}", rc));
      } catch (const Error& e) {
        // Point at the stage, and at the key when the message names an option.
        int line = st.line;
        std::string key;
        for (const auto& [kk, ln] : st.key_lines)
          if (std::string(e.what()).find("--" + kk) != std::string::npos || e.where().field == "--" + kk || e.where().field == kk) {
            line = ln;
            key = kk;
          }
        throw Error(e.code(),
                    fmt::format("line {}: [{}] '{}'{}: {}", line, st.stage, st.name, key.empty() ? "" : fmt::format(", key '{}'", key),
                                e.message()),
                    {o->file}, e.fix().empty() ? "fix the stage in the pipeline file" : "");
      }
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
      nlohmann::ordered_json sj{{"stage", st.stage}, {"name", st.name}, {"seconds", std::round(secs * 1000) / 1000}};
      if (!rec.summaries.empty()) sj["incidents"] = rec.summaries.back();
      manifest["stages"].push_back(sj);
    }
    for (const auto& st : plan.stages)
      for (const auto& f : st.outputs) {
        if (!std::filesystem::exists(f)) continue;
        manifest["outputs"].push_back({{"file", std::filesystem::relative(f, plan.out_dir).generic_string()},
                                       {"bytes", std::filesystem::file_size(f)},
                                       {"sha256", sha256_file(f)}});
      }
    manifest["seconds_total"] = std::round(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() * 1000) / 1000;
    write_file_atomically(plan.out_dir / "manifest.json", manifest.dump(2) + "\n");
    ctx.info("pipeline '{}': {} stages in {:.1f} s; results and manifest.json in {}", plan.title, plan.stages.size(),
             manifest["seconds_total"].get<double>(), plan.out_dir.string());
    return 0;
  };
}

}  // namespace hotspot::cli
