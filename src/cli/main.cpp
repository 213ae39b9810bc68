// hotspot: the command line. Parses argv into plain configs, calls one library function
// per subcommand, and maps every exception to an exit code in this one place.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "bind.hpp"
#include "common.hpp"
#include "hotspot/io/profile.hpp"
#include "hotspot/pipeline/steps.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/gdal_handles.hpp"
#include "hotspot/io/raster.hpp"

namespace hotspot::cli {

void add_global_options(CLI::App& app, GlobalOptions& g) {
  app.add_flag("-q,--quiet", g.quiet, "Only errors and the summary line");
  app.add_flag("-v,--verbose", g.verbose, "Say more: columns found, CRS transformation, timings");
  app.add_option("--threads", g.threads, "Worker threads (default: all cores)");
  app.add_option("--max-memory-mb", g.max_memory_mb,
                 "Refuse work needing more memory than this (default: 80% of RAM)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  app.add_option("--geodata", g.geodata,
                 "Folder with the shipped Deventer layers (default: ./geodata)");
  app.add_flag("--progress-lines", g.progress_lines,
               "Progress as lines 'progress: <step> N%' on stderr (for programs such as QGIS)");
  app.add_option("--profile", g.profile,
                 "Municipality profile: working CRS, boundary, places, depot (default: "
                 "geodata/deventer.profile.toml)");
}

Profile load_profile(const GlobalOptions& g) {
  if (!g.profile.empty()) return io::read_profile(g.profile);
  const std::filesystem::path dir = geodata_dir(g);
  if (std::filesystem::exists(dir / "deventer.profile.toml"))
    return io::read_profile(dir / "deventer.profile.toml");
  Profile p;  // a geodata folder without a profile: the built-in defaults, layers looked up there
  p.dir = dir;
  for (auto [field, name] : {std::pair{&p.mask, "deventer_gemeente.geojson"},
                             {&p.places, "deventer_locaties.geojson"},
                             {&p.areas, "deventer_buurten.geojson"},
                             {&p.districts, "deventer_wijken.geojson"}})
    if (std::filesystem::exists(dir / name)) *field = dir / name;
  return p;
}

Runner register_step(CLI::App& app, GlobalOptions& g, const pipeline::StepDef& def) {
  auto* sub = app.add_subcommand(def.name, def.summary);
  std::shared_ptr<pipeline::StepInstance> inst = def.make();
  auto bound = bind_options(*sub, inst->options());
  add_global_options(*sub, g);
  return [inst, bound, &g]() {
    RunContext ctx;
    configure(ctx, g);
    const Profile profile = load_profile(g);
    step::Env env{ctx, profile};
    apply_options(*bound, inst->options());
    inst->validate(env);
    inst->run(env);
    return 0;
  };
}

void configure(RunContext& ctx, const GlobalOptions& g) {
  ctx.verbosity = g.quiet ? Verbosity::Quiet : (g.verbose ? Verbosity::Verbose : Verbosity::Normal);
  ctx.threads = g.threads;
  ctx.memory_budget_bytes = g.max_memory_mb << 20;
  ctx.progress_lines = g.progress_lines;
}

std::filesystem::path geodata_dir(const GlobalOptions& g) {
  namespace fs = std::filesystem;
  if (!g.geodata.empty()) return g.geodata;
  if (fs::exists("geodata/deventer_buurten.geojson")) return "geodata";
  if (const char* env = std::getenv("HOTSPOT_GEODATA"); env && *env) return env;
  return HOTSPOT_GEODATA_DIR;
}

}  // namespace hotspot::cli

namespace hotspot::cli {

int run_argv(const std::vector<std::string>& args) {
  CLI::App app{"hotspot: incident maps and hotspot statistics for municipal safety analysts"};
  app.set_version_flag("--version", std::string("hotspot ") + HOTSPOT_VERSION);
  app.require_subcommand(1);
  app.footer(exit_code_table());
  GlobalOptions g;
  // The subcommands: one per step of the library (pipeline/steps.cpp), then the commands of
  // the command line itself.
  std::map<std::string, Runner> runners;
  for (const auto& def : pipeline::steps()) runners[def.name] = register_step(app, g, def);
  runners["run"] = register_run(app, g);
  runners["inspect"] = register_inspect(app, g);
  runners["describe"] = register_describe(app, g);
  runners["style"] = register_style(app, g);
  std::vector<std::string> rev(args.rbegin(), args.rend());  // CLI11 takes them reversed
  try {
    app.parse(rev);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // A value of the wrong type or out of range is a bad option value (exit 2); an unknown
    // option or a missing value is a command line not understood (exit 1).
    if (code != 0 && (dynamic_cast<const CLI::ValidationError*>(&e) ||
                      dynamic_cast<const CLI::ConversionError*>(&e)))
      return static_cast<int>(ErrorCode::Usage);
    return code == 0 ? 0 : 1;
  }
  for (auto* sub : app.get_subcommands())
    if (auto it = runners.find(sub->get_name()); it != runners.end()) return it->second();
  return 1;
}

}  // namespace hotspot::cli

int main(int argc, char** argv) {
  using namespace hotspot;
  // A batch tool allocating grids and GDAL block caches of a few MB each: keep freed memory in
  // the heap for the next buffer instead of returning it to the kernel and faulting fresh
  // pages in again (glibc maps blocks over 128 KiB separately by default). Halves the time of
  // writing a 2-million-cell GeoTIFF on virtual machines, where page faults are dear.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  try {
    return cli::run_argv(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const Error& e) {
    std::cerr << "hotspot: error: " << e.message() << std::endl;
    return e.exit_code();
  } catch (const std::filesystem::filesystem_error& e) {
    // Creating, renaming or removing files and folders: what fails there is an output.
    std::cerr << "hotspot: error: " << (e.path1().empty() ? "" : "'" + e.path1().string() + "': ")
              << "cannot create or write: " << e.code().message()
              << ". Fix: check that the folder exists, is writable and has free space" << std::endl;
    return static_cast<int>(ErrorCode::Output);
  } catch (const std::bad_alloc&) {
    std::cerr
        << "hotspot: error: out of memory; try a smaller extent, a larger cell or fewer incidents"
        << std::endl;
    return static_cast<int>(ErrorCode::Resource);
  } catch (const std::exception& e) {
    std::cerr << "hotspot: internal error: " << e.what() << " (please report this)" << std::endl;
    return static_cast<int>(ErrorCode::Internal);
  }
}
