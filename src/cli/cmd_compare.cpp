// hotspot compare: this year against last, per area and for the whole municipality.
#include <fmt/format.h>

#include "common.hpp"
#include "hotspot/change/compare.hpp"
#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::cli {

Runner register_compare(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("compare", "This year against last: per area n_a, n_b, change and an exact test, and per category");
  struct Opts {
    io::IncidentSourceConfig inc;
    io::AreaSourceConfig areas;
    FilterOptions filter;
    std::string period_a, period_b, out, rejects;
    double alpha = 0.05;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--areas", o->areas.path, "Polygon layer (buurten, wijken, named places ...)")->required();
  sub->add_option("--areas-layer", o->areas.layer, "Layer of a multi-layer source");
  sub->add_option("--areas-where", o->areas.where, "Attribute filter, e.g. \"gemeentecode = 'GM0150'\"");
  sub->add_option("--areas-crs", o->areas.crs, "CRS of the areas when the file has none");
  add_incident_options(*sub, o->inc);
  sub->add_option("--period-a", o->period_a, "The earlier period: 2021, 2021-07 or 2021-01-01..2021-06-30 (inclusive)")->required();
  sub->add_option("--period-b", o->period_b, "The later period, of the same length")->required();
  sub->add_option("--alpha", o->alpha, "Significance after the Benjamini-Hochberg correction")->capture_default_str();
  sub->add_option("--out", o->out, "Output (.csv, .geojson or .gpkg); <out>.summary.csv gets the rows per category")->required();
  sub->add_option("--rejects", o->rejects, "Rejects CSV (default: <out>.rejects.csv when any)");
  add_filter_options(*sub, o->filter);
  add_global_options(*sub, g);
  return [o, &g]() {
    RunContext ctx;
    configure(ctx, g);
    change::CompareConfig cc;
    cc.a = change::parse_period(o->period_a, "--period-a");
    cc.b = change::parse_period(o->period_b, "--period-b");
    cc.alpha = o->alpha;
    cc.validate();
    (void)io::format_from_path(o->out);
    std::filesystem::path summary = o->out;
    summary = summary.parent_path() / (summary.stem().string() + ".summary.csv");
    check_output_paths({{"--areas", o->areas.path}, {"--incidents", o->inc.path}},
                       {{"--out", o->out}, {"summary", summary}, {"--rejects", rejects_path(o->rejects, o->out)}});
    const IncidentFilter filter = make_filter(o->filter);
    const AreaLayer areas = io::read_areas(o->areas, ctx);
    RejectsSink rejects;
    IncidentTable all;
    const io::ReadStats st = read_incidents_or_fail(o->inc, all, rejects, ctx, o->rejects, o->out);
    std::uint64_t n_filtered = 0;
    const IncidentTable inc = select_incidents(std::move(all), filter, ctx, o->inc.path, n_filtered);
    int name_col = -1;
    for (const char* n : {"buurtnaam", "wijknaam", "naam", "name", "statnaam"})
      if (name_col < 0) name_col = areas.table.field_index(n);
    const change::CompareResult r = change::compare(inc, areas, cc, name_col, ctx);
    io::write_table(change::compare_table(areas, r), o->out);
    std::string csv = "category,n_a,n_b,change,change_pct,p\n";
    for (const auto& c : r.categories)
      csv += fmt::format("{},{},{},{},{},{}\n", io::csv_cell(Value(c.category)), c.n_a, c.n_b, c.n_b - c.n_a,
                         c.n_a > 0 ? fmt::format("{}", 100.0 * static_cast<double>(c.n_b - c.n_a) / static_cast<double>(c.n_a)) : "",
                         fmt::format("{}", c.p));
    write_file_atomically(summary, csv);
    for (const auto& c : r.categories) ctx.info("{}", change::sentence(c, cc.a, cc.b));
    // The line of every command, read = joined + outside + rejected + filtered, where
    // "outside" counts the incidents of neither period or of no area.
    const std::uint64_t joined = r.in_a + r.in_b;
    ctx.always(summary_line(st.read, joined, inc.size() - joined, st.rejected, n_filtered) + geocoded_term(st));
    return 0;
  };
}

}  // namespace hotspot::cli
