#include <chrono>

#include <fmt/format.h>

#include "common.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/join/join.hpp"
#include "hotspot/join/point_in_polygon.hpp"

namespace hotspot::cli {

Runner register_join(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("join", "Count incidents per area (buurten, wijken, named locations, any polygon layer)");
  struct Opts {
    io::IncidentSourceConfig inc;
    io::AreaSourceConfig areas;
    join::JoinConfig join;
    std::vector<std::string> outs;
    std::string rejects;
    std::string by;
    FilterOptions filter;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--areas", o->areas.path, "Polygon layer (GeoJSON, GeoPackage such as CBS wijkenbuurten, ...)")->required();
  sub->add_option("--areas-layer", o->areas.layer, "Layer of a multi-layer source, e.g. buurten");
  sub->add_option("--areas-where", o->areas.where, "Attribute filter, e.g. \"gemeentecode = 'GM0150'\"");
  sub->add_option("--areas-crs", o->areas.crs, "CRS of the areas when the file has none");
  add_incident_options(*sub, o->inc);
  sub->add_option("--out", o->outs, "Output (.geojson, .csv or .gpkg); repeat for several formats")->required();
  sub->add_option("--rejects", o->rejects, "Rejects CSV (default: <out>.rejects.csv beside the output, when any)");
  sub->add_option("--by", o->by, "Also count per period: year or month")->check(CLI::IsMember({"year", "month"}));
  sub->add_option("--population-col,--per-col", o->join.population_col,
                  "Area column with residents, for rate_per_1000 (auto: aantal_inwoners, population ...; '-' none)");
  add_filter_options(*sub, o->filter);
  add_global_options(*sub, g);
  return [o, &g]() {
    RunContext ctx;
    configure(ctx, g);
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& out : o->outs) (void)io::format_from_path(out);  // fail before any work
    {
      std::vector<NamedPath> outs;
      for (const auto& out : o->outs) outs.emplace_back("--out", out);
      outs.emplace_back("--rejects", rejects_path(o->rejects, o->outs.front()));
      check_output_paths({{"--areas", o->areas.path}, {"--incidents", o->inc.path}}, outs);
    }
    o->join.by = o->by == "year" ? join::Period::Year : o->by == "month" ? join::Period::Month : join::Period::None;
    const IncidentFilter filter = make_filter(o->filter);
    const bool filtering = !o->filter.categories.empty() || filter.uses_time();
    AreaLayer areas = io::read_areas(o->areas, ctx);
    RejectsSink rejects;
    IncidentTable all;
    const io::ReadStats st = read_incidents_or_fail(o->inc, all, rejects, ctx, o->rejects, o->outs.front());
    std::uint64_t n_filtered = 0;
    const IncidentTable inc = select_incidents(std::move(all), filter, ctx, o->inc.path, n_filtered);
    const join::JoinResult r = join::join_points(inc, areas, o->join, ctx);
    Table t = join::counts_table(areas, inc, r, o->join, ctx);
    if (!st.weight_column.empty()) {
      // Weighted incidents: the sum of the weights in each area (by the same boundary rule),
      // one thread, area order, so the sums do not depend on the thread count.
      join::PolygonIndex index(areas);
      std::vector<double> w(areas.size(), 0.0);
      std::vector<std::int32_t> hit;
      for (std::size_t i = 0; i < inc.size(); ++i) {
        index.assign(inc.x[i], inc.y[i], hit);
        for (std::int32_t a : hit) w[static_cast<std::size_t>(a)] += inc.weight[i];
      }
      t.fields.push_back({"w_incidents", FieldType::Real});
      for (std::size_t a = 0; a < areas.size(); ++a) t.rows[a].emplace_back(w[a]);
    }
    for (const auto& out : o->outs) io::write_table(t, out);
    ctx.debug("join: {} areas, {} incidents, {:.2f} s", areas.size(), inc.size(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    // The first wave's line, with the filter term when a filter was given.
    ctx.always((filtering ? summary_line(st.read, r.joined, r.outside, st.rejected, n_filtered)
                          : summary_line(st.read, r.joined, r.outside, st.rejected)) +
               geocoded_term(st));
    if (st.read != r.joined + r.outside + st.rejected + n_filtered)
      throw Error(ErrorCode::Internal, "counts do not reconcile");
    return 0;
  };
}

}  // namespace hotspot::cli
