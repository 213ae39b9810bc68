// hotspot compare: this year against last, per area and for the whole municipality.
#include "hotspot/change/compare_step.hpp"

#include <fmt/format.h>
#include "hotspot/change/compare.hpp"
#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::change {

namespace {}  // namespace

void declare(OptionSet& s, CompareStepConfig& c) {
  s.opt("areas", &c.areas.path, "Polygon layer (buurten, wijken, named places ...)")
      .required()
      .input()
      .format("vector");
  s.opt("areas-layer", &c.areas.layer, "Layer of a multi-layer source");
  s.opt("areas-where", &c.areas.where, "Attribute filter, e.g. \"gemeentecode = 'GM0150'\"");
  s.opt("areas-crs", &c.areas.crs, "CRS of the areas when the file has none");
  step::declare_incidents(s, c.inc, false);
  s.opt("period-a", &c.period_a,
        "The earlier period: 2021, 2021-07 or 2021-01-01..2021-06-30 (inclusive)");
  s.opt("period-b", &c.period_b, "The later period, of the same length");
  s.opt("value-a", &c.value_a,
        "Instead of incidents: an area column of counts for the earlier period (e.g. from hotspot "
        "opendata)");
  s.opt("value-b", &c.value_b, "... and the column for the later period");
  s.opt("alpha", &c.alpha, "Significance after the Benjamini-Hochberg correction");
  s.opt("out", &c.out,
        "Output (.csv, .geojson or .gpkg); <out>.summary.csv gets the rows per category")
      .required()
      .output()
      .format("vector");
  step::declare_out_layer(s, c.out_layer);
  step::declare_rejects(s, c.rejects);
  step::declare_filter(s, c.filter);
  publish::declare(s, c.publication);
}

void validate(const CompareStepConfig& c, const step::Env&) {
  publish::validate(c.publication);
  // The combinations, before anything is read (a pipeline checks every stage first).
  if (!c.value_a.empty() || !c.value_b.empty()) {
    if (c.value_a.empty() || c.value_b.empty() || !c.inc.path.empty())
      throw Error(ErrorCode::Usage, "--value-a and --value-b go together, without --incidents",
                  {"", "", "--value-a"}, "e.g. --value-a m_0_0_0_2022 --value-b m_0_0_0_2023");
  } else {
    if (c.inc.path.empty() || c.period_a.empty() || c.period_b.empty())
      throw Error(ErrorCode::Usage,
                  "--incidents, --period-a and --period-b are required (or --value-a and "
                  "--value-b)",
                  {"", "", "--incidents"},
                  "e.g. --incidents meldingen.csv --period-a 2021 --period-b 2022");
    change::CompareConfig cc;
    cc.a = change::parse_period(c.period_a, "--period-a");
    cc.b = change::parse_period(c.period_b, "--period-b");
    cc.alpha = c.alpha;
    cc.validate();
    (void)c.filter.make();
  }
  (void)io::format_from_path(c.out);
}

void run(const CompareStepConfig& config, step::Env& env) {
  CompareStepConfig copy = config;
  CompareStepConfig* o = &copy;
  RunContext& ctx = env.ctx;
  if (!o->value_a.empty() || !o->value_b.empty()) {
    // Two columns of counts the layer carries (the police's open figures): no incidents.
    // (validate checked the combinations)
    check_output_paths({{"--areas", o->areas.path}}, {{"--out", o->out}});
    const auto areas_p = step::read_areas(o->areas, env);
    const AreaLayer& areas = *areas_p;
    auto column = [&](const std::string& name) {
      const int f = areas.table.field_index(name);
      if (f < 0)
        throw Error(ErrorCode::InputFormat, fmt::format("no area column '{}'", name),
                    {o->areas.path, "", name}, "name a column of counts");
      std::vector<std::optional<double>> v;
      for (const auto& row : areas.table.rows)
        v.push_back(value_number(row[static_cast<std::size_t>(f)]));
      return v;
    };
    const auto r = change::compare_values(column(o->value_a), column(o->value_b), o->alpha);
    // Figures their source has published already (open data): written as they are.
    step::write_table(
        env, change::compare_table(areas, r), o->out,
        {o->out_layer, {}, "published by hotspot: open figures as their source published them"});
    std::size_t unknown = 0;
    for (const auto& a : r.areas) unknown += !a.known;
    ctx.info("compared {} with {} in {} areas ({} with a suppressed figure, left empty)",
             o->value_a, o->value_b, areas.size(), unknown);
    return;
  }
  change::CompareConfig cc;  // checked in validate
  cc.a = change::parse_period(o->period_a, "--period-a");
  cc.b = change::parse_period(o->period_b, "--period-b");
  cc.alpha = o->alpha;
  std::filesystem::path summary = o->out;
  summary = summary.parent_path() / (summary.stem().string() + ".summary.csv");
  check_output_paths({{"--areas", o->areas.path}, {"--incidents", o->inc.path}},
                     {{"--out", o->out},
                      {"summary", summary},
                      {"--rejects", step::rejects_path(o->rejects, o->out)}});
  const IncidentFilter filter = o->filter.make();
  const auto areas_p = step::read_areas(o->areas, env);
  const AreaLayer& areas = *areas_p;
  RejectsSink rejects;
  IncidentTable all;
  const io::ReadStats st =
      step::read_incidents_or_fail(o->inc, all, rejects, env, o->rejects, o->out);
  std::uint64_t n_filtered = 0;
  const IncidentTable inc =
      step::select_incidents(std::move(all), filter, ctx, o->inc.path, n_filtered);
  int name_col = -1;
  for (const char* n : {"buurtnaam", "wijknaam", "naam", "name", "statnaam"})
    if (name_col < 0) name_col = areas.table.field_index(n);
  const change::CompareResult r = change::compare(inc, areas, cc, name_col, ctx);
  step::write_result(env, std::filesystem::path(o->out).stem().string(),
                     change::compare_table(areas, r), o->publication, {o->out}, o->out_layer);
  // The categories of the whole municipality: counts too, published by the same rules.
  Table cats;
  cats.fields = {{"category", FieldType::String}, {"n_a", FieldType::Integer},
                 {"n_b", FieldType::Integer},     {"change", FieldType::Integer},
                 {"change_pct", FieldType::Real}, {"p", FieldType::Real}};
  for (const auto& c : r.categories)
    cats.rows.push_back(
        {Value(c.category), Value(c.n_a), Value(c.n_b), Value(c.n_b - c.n_a),
         c.n_a > 0 ? Value(100.0 * static_cast<double>(c.n_b - c.n_a) / static_cast<double>(c.n_a))
                   : Value{},
         Value(c.p)});
  step::write_result(env, summary.stem().string(), cats, o->publication, {summary.string()});
  for (const auto& c : r.categories) ctx.info("{}", change::sentence(c, cc.a, cc.b));
  // The line of every command, read = joined + outside + rejected + filtered, where
  // "outside" counts the incidents of neither period or of no area.
  const std::uint64_t joined = r.in_a + r.in_b;
  ctx.always(step::summary_line(st.read, joined, inc.size() - joined, st.rejected, n_filtered) +
             step::geocoded_term(st));
}

}  // namespace hotspot::change
