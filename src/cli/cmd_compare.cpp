// hotspot compare: this year against last, per area and for the whole municipality.
#include <fmt/format.h>

#include "common.hpp"
#include "hotspot/change/compare.hpp"
#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::cli {

Runner register_compare(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("compare", "This year against last: per area n_a, n_b, change and an exact test, and per category");
  struct Opts {
    io::IncidentSourceConfig inc;
    io::AreaSourceConfig areas;
    FilterOptions filter;
    std::string period_a, period_b, out, rejects, value_a, value_b;
    double alpha = 0.05;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--areas", o->areas.path, "Polygon layer (buurten, wijken, named places ...)")->required();
  sub->add_option("--areas-layer", o->areas.layer, "Layer of a multi-layer source");
  sub->add_option("--areas-where", o->areas.where, "Attribute filter, e.g. \"gemeentecode = 'GM0150'\"");
  sub->add_option("--areas-crs", o->areas.crs, "CRS of the areas when the file has none");
  add_incident_options(*sub, o->inc, false);
  sub->add_option("--period-a", o->period_a, "The earlier period: 2021, 2021-07 or 2021-01-01..2021-06-30 (inclusive)");
  sub->add_option("--period-b", o->period_b, "The later period, of the same length");
  sub->add_option("--value-a", o->value_a, "Instead of incidents: an area column of counts for the earlier period (e.g. from hotspot opendata)");
  sub->add_option("--value-b", o->value_b, "... and the column for the later period");
  sub->add_option("--alpha", o->alpha, "Significance after the Benjamini-Hochberg correction")->capture_default_str();
  sub->add_option("--out", o->out, "Output (.csv, .geojson or .gpkg); <out>.summary.csv gets the rows per category")->required();
  sub->add_option("--rejects", o->rejects, "Rejects CSV (default: <out>.rejects.csv when any)");
  add_filter_options(*sub, o->filter);
  add_global_options(*sub, g);
  return [o, &g]() {
    RunContext ctx;
    configure(ctx, g);
    if (!o->value_a.empty() || !o->value_b.empty()) {
      // Two columns of counts the layer carries (the police's open figures): no incidents.
      if (o->value_a.empty() || o->value_b.empty() || !o->inc.path.empty())
        throw Error(ErrorCode::Usage, "--value-a and --value-b go together, without --incidents", {"", "", "--value-a"},
                    "e.g. --value-a m_0_0_0_2022 --value-b m_0_0_0_2023");
      (void)io::format_from_path(o->out);
      check_output_paths({{"--areas", o->areas.path}}, {{"--out", o->out}});
      const AreaLayer areas = io::read_areas(o->areas, ctx);
      auto column = [&](const std::string& name) {
        const int f = areas.table.field_index(name);
        if (f < 0)
          throw Error(ErrorCode::InputFormat, fmt::format("no area column '{}'", name), {o->areas.path, "", name}, "name a column of counts");
        std::vector<std::optional<double>> v;
        for (const auto& row : areas.table.rows) v.push_back(value_number(row[static_cast<std::size_t>(f)]));
        return v;
      };
      const auto r = change::compare_values(column(o->value_a), column(o->value_b), o->alpha);
      io::write_table(change::compare_table(areas, r), o->out);
      std::size_t unknown = 0;
      for (const auto& a : r.areas) unknown += !a.known;
      ctx.info("compared {} with {} in {} areas ({} with a suppressed figure, left empty)", o->value_a, o->value_b, areas.size(), unknown);
      return 0;
    }
    if (o->inc.path.empty() || o->period_a.empty() || o->period_b.empty())
      throw Error(ErrorCode::Usage, "--incidents, --period-a and --period-b are required (or --value-a and --value-b)", {"", "", "--incidents"},
                  "e.g. --incidents meldingen.csv --period-a 2021 --period-b 2022");
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
