#include "hotspot/web/step.hpp"

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/export/step.hpp"
#include "hotspot/publish/policy.hpp"

namespace hotspot::web {

namespace fs = std::filesystem;

void declare(OptionSet& s, WebStepConfig& c) {
  s.text("out", &c.out, "Folder to write: index.html and its assets (opens from file://)")
      .required()
      .output_folder()
      .group("output")
      .format("folder");
  s.text("title", &c.wo.title, "Title of the page");
  s.text("data-date", &c.wo.data_date, "Data date line, e.g. \"data: 2018-2022\"");
  s.text("source", &c.wo.source, "Source line (attribution)");
  s.text("lang", &c.wo.lang, "Words of the page and the legend: nl (default) or en")
      .choices({"nl", "en"});
  s.text("leaflet", &c.leaflet,
         "Folder of the npm package leaflet (default: the one scripts/setup-web.sh installs)")
      .format("folder");
  mapping::declare_map_inputs(s, c.ex, c.ex.internal, c.layers,
                              "the page marked INTERN - niet publiceren");
}

void validate(const WebStepConfig& c, const step::Env&) {
  publish::validate({c.ex.internal, c.ex.suppress_below});
  std::vector<NamedPath> in;
  for (const auto& l : c.layers) in.emplace_back("layer", l);
  const fs::path dir = fs::absolute(c.out).lexically_normal();
  for (const auto& l : c.layers) {
    const fs::path lp = fs::absolute(l).lexically_normal();
    const auto rel = lp.lexically_relative(dir);
    if (!rel.empty() && *rel.begin() != "..")
      throw Error(ErrorCode::Usage, "a layer lies inside the web map's folder, which is replaced",
                  {l, "", "--out"}, "write the web map to a folder of its own");
  }
  check_output_paths(in, {{"--out", dir / "index.html"}, {"--out", dir / "data.js"}});
  (void)find_leaflet(c.leaflet);  // before anything is read
}

void run(const WebStepConfig& c, step::Env& env) {
  validate(c, env);
  mapping::ExportOptions ex = c.ex;
  ex.working_crs = env.profile.working_crs;
  ex.lang = c.wo.lang;
  if (ex.internal) ex.suppress_below = 0;
  const auto layers = mapping::read_layers(c.layers, ex, env.ctx, env.results);
  publish::Policy pol;
  pol.internal = ex.internal;
  pol.suppress_below = ex.suppress_below;
  WebOptions wo = c.wo;
  wo.internal = ex.internal;
  wo.description = pol.description();
  wo.working_crs = env.profile.working_crs;
  wo.leaflet_dir = find_leaflet(c.leaflet);
  write_web(layers, c.out, wo, env.ctx);
}

}  // namespace hotspot::web
