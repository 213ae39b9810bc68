#include "hotspot/pipeline/run.hpp"

#include <chrono>
#include <cmath>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/export/export.hpp"
#include "hotspot/export/style.hpp"
#include "hotspot/io/hash.hpp"
#include "hotspot/io/pg_store.hpp"
#include "hotspot/pipeline/out_folder.hpp"
#include "hotspot/publish/counts.hpp"

namespace hotspot::pipeline {

namespace {

double rounded_ms(double s) {
  return std::round(s * 1000) / 1000;
}

}  // namespace

void execute(const Plan& plan, const std::filesystem::path& file, const Profile& profile,
             RunContext& ctx) {
  const auto t0 = std::chrono::steady_clock::now();
  // Run: into a staging folder beside the out folder, published with one switch at the end.
  OutFolderLock lock(plan.out_dir);
  StagedRun staging(plan.out_dir);
  const Plan run = staged(plan, staging.dir());
  ctx.debug("writing into {}, published to {} at the end", staging.dir().string(),
            plan.out_dir.string());
  // From here on, messages name the out folder the staging folder becomes (and its rejects
  // folder: <staging>-rejects becomes <out>-rejects).
  ctx.shown_paths.emplace_back(staging.dir().string(), plan.out_dir.string());
  struct Unalias {
    RunContext& ctx;
    ~Unalias() { ctx.shown_paths.pop_back(); }
  } unalias{ctx};
  nlohmann::ordered_json manifest;
  manifest["tool"] = {{"name", "hotspot"}, {"version", HOTSPOT_VERSION}};
  manifest["internal"] = plan.internal;  // exact values: not for publication
  manifest["pipeline"] = {{"file", file}, {"sha256", sha256_file(file)}};
  manifest["settings"] = nlohmann::ordered_json::parse(plan.settings_json);
  manifest["settings"]["run"]["internal"] = plan.internal;
  for (const auto& f : plan.inputs)
    manifest["inputs"].push_back({{"file", f.string()},
                                  {"bytes", std::filesystem::file_size(f)},
                                  {"sha256", sha256_file(f)}});
  // Stages run in this process, one after the other; each input is read once (the cache)
  // and filtered per stage in memory.
  step::InputCache cache;
  // What the stages write, kept in memory: a later stage takes an earlier one's output
  // (@overlast, the export's layers) from here, not from the file just written.
  step::Results results;
  // One publication registry for the run: the count tables of all stages are protected
  // together (publish/counts.hpp). Rejects go beside the out folder, never in it.
  publish::Registry published;
  const std::filesystem::path rejects_out = plan.out_dir.string() + "-rejects";
  const std::filesystem::path rejects_staging = staging.dir().string() + "-rejects";
  struct DropOnFailure {
    std::filesystem::path dir;
    bool keep = false;
    ~DropOnFailure() {
      std::error_code ec;
      if (!keep) std::filesystem::remove_all(dir, ec);
    }
  } rejects_guard{rejects_staging};
  std::map<std::string, std::size_t> rejects_log;
  std::size_t k = 0;
  for (const auto& st : run.stages) {
    ++k;
    ctx.info("[{}/{}] {} '{}'", k, run.stages.size(), st.stage, st.name);
    std::vector<std::string> summaries;
    ctx.summaries = &summaries;
    step::Env env{ctx, profile, &cache};
    env.published = &published;
    env.rejects_dir = rejects_staging;
    env.rejects_log = &rejects_log;
    env.results = &results;
    const auto s0 = std::chrono::steady_clock::now();
    auto inst = instantiate(st, file, env);
    try {
      inst->run(env);
    } catch (const Error& e) {
      const Error s = stage_error(e, st, inst->options(), file);
      throw Error(s.code(), ctx.shown(s.what()), s.where(), ctx.shown(s.fix()));
    }
    ctx.summaries = nullptr;
    nlohmann::ordered_json sj{
        {"stage", st.stage},
        {"name", st.name},
        {"seconds",
         rounded_ms(std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count())}};
    if (!summaries.empty()) sj["incidents"] = summaries.back();
    manifest["stages"].push_back(sj);
  }
  ctx.debug("inputs read: {} incident source(s), {} area layer(s), each once",
            cache.incident_reads(), cache.area_reads());
  ctx.debug(
      "results passed in memory: {} layer(s) and raster(s) kept, taken {} time(s) by "
      "later stages",
      results.size(), results.taken());
  // The store: every result layer into PostGIS in one transaction, with the run's row in
  // hotspot_runs and the styles in layer_styles, and a QGIS project over those tables.
  std::optional<io::PgStore> store;
  std::string run_id;
  std::vector<mapping::MapLayer> stored;
  if (!plan.store.empty()) {
    ctx.info("storing the result layers in {}", io::pg_without_password(plan.store));
    store.emplace(plan.store, store_schema(plan));
    run_id = io::make_run_id();
    mapping::ExportOptions ex;
    ex.working_crs = profile.working_crs;
    ex.internal = plan.internal;
    if (plan.internal) ex.suppress_below = 0;
    std::vector<std::string> files;
    for (const auto& f : run.results) files.push_back(f.string());
    stored = mapping::read_layers(files, ex, ctx, &results);
    nlohmann::ordered_json tables = nlohmann::ordered_json::array();
    for (const auto& m : stored) {
      if (m.raster) continue;
      store->write_layer(m.table, m.name, run_id);
      store->write_style(m.name, mapping::qml(m.style), m.title);
      tables.push_back(m.name);
    }
    ex.pg_source = io::pg_keywords_without_password(plan.store);
    ex.pg_schema = store->schema();
    ex.title = plan.title;
    std::vector<mapping::MapLayer> vectors;
    for (auto& m : stored)
      if (!m.raster) vectors.push_back(std::move(m));
    mapping::write_qgs(vectors, staging.dir() / "store.gpkg", staging.dir() / "store.qgs", ex);
    manifest["store"] = {{"connection", io::pg_without_password(plan.store)},
                         {"schema", store->schema()},
                         {"run_id", run_id},
                         {"tables", tables}};
  }
  // The manifest lists every file the run wrote, and nothing else is published.
  manifest["outputs"] = nlohmann::ordered_json::array();
  for (const auto& f : list_files(staging.dir()))
    manifest["outputs"].push_back({{"file", f},
                                   {"bytes", std::filesystem::file_size(staging.dir() / f)},
                                   {"sha256", sha256_file(staging.dir() / f)}});
  manifest["seconds_total"] =
      rounded_ms(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  if (store) {
    store->record_run(run_id, manifest.dump());
    store->commit();
    ctx.info("stored {} layers in {} (run {})", manifest["store"]["tables"].size(), store->schema(),
             run_id);
  }
  // Rejects hold raw records: beside the published folder, counted here, not listed.
  manifest["rejects"] = {{"folder", rejects_out.string()},
                         {"files", nlohmann::ordered_json::array()}};
  for (const auto& [f, rows] : rejects_log)
    manifest["rejects"]["files"].push_back({{"file", f}, {"rows", rows}});
  write_file_atomically(staging.dir() / "manifest.json", manifest.dump(2) + "\n");
  ctx.debug("publishing {} files to {}", manifest["outputs"].size() + 1, plan.out_dir.string());
  staging.publish();
  {
    // The rejects folder is replaced as a whole too (none this run: the old one goes).
    std::error_code ec;
    std::filesystem::remove_all(rejects_out, ec);
    if (std::filesystem::exists(rejects_staging)) {
      std::filesystem::rename(rejects_staging, rejects_out, ec);
      if (ec)
        throw Error(
            ErrorCode::Output,
            fmt::format("cannot move the rejects to {} ({})", rejects_out.string(), ec.message()),
            {rejects_staging.string()});
    }
    rejects_guard.keep = true;
  }
  ctx.info("pipeline '{}': {} stages in {:.1f} s; results and manifest.json in {}", plan.title,
           plan.stages.size(), manifest["seconds_total"].get<double>(), plan.out_dir.string());
}

}  // namespace hotspot::pipeline
