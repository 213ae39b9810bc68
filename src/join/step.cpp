#include "hotspot/join/step.hpp"

#include <chrono>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/join/point_in_polygon.hpp"

namespace hotspot::join {

void declare(OptionSet& s, JoinStepConfig& c) {
  s.text("areas", &c.areas.path,
         "Polygon layer (GeoJSON, GeoPackage such as CBS wijkenbuurten, ...)")
      .required()
      .input()
      .format("vector");
  s.text("areas-layer", &c.areas.layer,
         "Layer of a multi-layer source, e.g. buurten; or a query for a database: \"SELECT ...\"");
  s.text("areas-where", &c.areas.where, "Attribute filter, e.g. \"gemeentecode = 'GM0150'\"");
  s.text("areas-crs", &c.areas.crs, "CRS of the areas when the file has none");
  step::declare_incidents(s, c.incidents);
  s.list("out", &c.out, "Output (.geojson, .csv or .gpkg); repeat for several formats")
      .required()
      .output()
      .group("output")
      .format("vector");
  step::declare_out_layer(s, c.out_layer);
  step::declare_rejects(s, c.rejects);
  s.text("by", &c.by, "Also count per period: year or month").choices({"year", "month"});
  s.text("population-col", &c.population_col,
         "Area column with residents, for rate_per_1000 (auto: aantal_inwoners, population ...; "
         "'-' none)")
      .alias("per-col")
      .column("areas");
  step::declare_filter(s, c.filter);
  publish::declare(s, c.publication);
}

void validate(const JoinStepConfig& c, const step::Env&) {
  for (const auto& out : c.out) (void)io::format_from_path(out);
  std::vector<NamedPath> outs;
  for (const auto& out : c.out) outs.emplace_back("--out", out);
  if (!c.out.empty()) outs.emplace_back("--rejects", step::rejects_path(c.rejects, c.out.front()));
  check_output_paths({{"--areas", c.areas.path}, {"--incidents", c.incidents.path}}, outs);
  (void)c.filter.make();
  publish::validate(c.publication);
}

void run(const JoinStepConfig& c, step::Env& env) {
  validate(c, env);
  RunContext& ctx = env.ctx;
  const auto t0 = std::chrono::steady_clock::now();
  JoinConfig jc;
  jc.population_col = c.population_col;
  jc.by = c.by == "year" ? Period::Year : c.by == "month" ? Period::Month : Period::None;
  const IncidentFilter filter = c.filter.make();
  const bool filtering = !c.filter.categories.empty() || filter.uses_time();
  const auto areas = step::read_areas(c.areas, env);
  RejectsSink rejects;
  IncidentTable all;
  const io::ReadStats st =
      step::read_incidents_or_fail(c.incidents, all, rejects, env, c.rejects, c.out.front());
  std::uint64_t n_filtered = 0;
  const IncidentTable inc =
      step::select_incidents(std::move(all), filter, ctx, c.incidents.path, n_filtered);
  const JoinResult r = join_points(inc, *areas, jc, ctx);
  Table t = counts_table(*areas, inc, r, jc, ctx);
  if (!st.weight_column.empty()) {
    // Weighted incidents: the sum of the weights in each area (by the same boundary rule),
    // one thread, area order, so the sums do not depend on the thread count.
    PolygonIndex index(*areas);
    std::vector<double> w(areas->size(), 0.0);
    std::vector<std::int32_t> hit;
    for (std::size_t i = 0; i < inc.size(); ++i) {
      index.assign(inc.x[i], inc.y[i], hit);
      for (std::int32_t a : hit) w[static_cast<std::size_t>(a)] += inc.weight[i];
    }
    t.fields.push_back({"w_incidents", FieldType::Real});
    for (std::size_t a = 0; a < areas->size(); ++a) t.rows[a].emplace_back(w[a]);
  }
  step::write_result(env, std::filesystem::path(c.out.front()).stem().string(), t, c.publication,
                     c.out, c.out_layer);
  ctx.debug("join: {} areas, {} incidents, {:.2f} s", areas->size(), inc.size(),
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  // The first wave's line, with the filter term when a filter was given.
  ctx.always((filtering ? step::summary_line(st.read, r.joined, r.outside, st.rejected, n_filtered)
                        : step::summary_line(st.read, r.joined, r.outside, st.rejected)) +
             step::geocoded_term(st));
  if (st.read != r.joined + r.outside + st.rejected + n_filtered)
    throw Error(ErrorCode::Internal, "counts do not reconcile");
}

}  // namespace hotspot::join
