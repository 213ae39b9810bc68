// hotspot chart: incidents per period and category as PNG line charts, for the municipality
// and per area (wijk), with the numbers beside them in series.csv.
#include "hotspot/export/chart_step.hpp"

#include <fmt/format.h>
#include "hotspot/change/periods.hpp"
#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/export/chart.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/join/point_in_polygon.hpp"

namespace hotspot::mapping {

namespace {
std::string human(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}
}  // namespace

void declare(OptionSet& s, ChartStepConfig& c) {
  step::declare_incidents(s, c.inc);
  s.opt("by", &c.by, "Periods: year, quarter or month");
  s.opt("areas", &c.areas.path, "Also one chart per area (e.g. the wijken)")
      .input()
      .format("vector");
  s.opt("area-col", &c.area_col, "The area's name column (auto: wijknaam, buurtnaam, naam, name)");
  s.opt("title", &c.title, "Title of the municipality's chart");
  s.opt("lang", &c.lang, "nl (default) or en").choices({"nl", "en"});
  s.opt("source", &c.source, "The source line under each chart");
  s.opt("out", &c.out, "Output folder: categories.png, area_<name>.png, series.csv")
      .required()
      .output_folder()
      .format("folder");
  step::declare_filter(s, c.filter);
  publish::declare(s, c.publication);
}

void validate(const ChartStepConfig& c, const step::Env&) {
  publish::validate(c.publication);
  (void)change::parse_time_bin(c.by, "--by");  // before anything is read
  (void)c.filter.make();
}

void run(const ChartStepConfig& config, step::Env& env) {
  ChartStepConfig copy = config;
  ChartStepConfig* o = &copy;
  RunContext& ctx = env.ctx;
  const change::TimeBin bin = change::parse_time_bin(o->by, "--by");
  const std::filesystem::path dir = o->out;
  check_output_paths({{"--incidents", o->inc.path}, {"--areas", o->areas.path}},
                     {{"--out", dir / "categories.png"}, {"--out", dir / "series.csv"}});
  const IncidentFilter filter = o->filter.make();
  RejectsSink rejects;
  IncidentTable all;
  const io::ReadStats st =
      step::read_incidents_or_fail(o->inc, all, rejects, env, "", dir / "series.csv");
  std::uint64_t n_filtered = 0;
  const IncidentTable inc =
      step::select_incidents(std::move(all), filter, ctx, o->inc.path, n_filtered);
  if (!inc.has_time)
    throw Error(ErrorCode::InputFormat,
                "charts per period need timestamps, and the incidents have no time column",
                {o->inc.path, "", "--time-col"},
                "name the column with the date and time with --time-col");
  auto key = [&](std::int64_t t) { return change::bin_key(t, bin); };
  auto label = [&](std::int64_t k) { return change::bin_label(k, bin); };
  std::int64_t k0 = INT64_MAX, k1 = INT64_MIN;
  for (auto t : inc.time)
    if (t != kNoTime) k0 = std::min(k0, key(t)), k1 = std::max(k1, key(t));
  if (k0 > k1)
    throw Error(ErrorCode::EmptyInput, "no incident has a timestamp", {o->inc.path},
                "check --time-col and the filters");
  const auto np = static_cast<std::size_t>(k1 - k0 + 1);
  const auto cats = inc.categories.sorted_ids();
  std::vector<std::string> x;
  for (std::size_t p = 0; p < np; ++p) x.push_back(label(k0 + static_cast<std::int64_t>(p)));
  // counts[area + 1][category][period]; area -1 = the whole municipality.
  std::shared_ptr<const AreaLayer> areas;
  std::vector<std::string> names;
  if (!o->areas.path.empty()) {
    areas = step::read_areas(o->areas, env);
    int nc = o->area_col.empty() ? -1 : areas->table.field_index(o->area_col);
    if (!o->area_col.empty() && nc < 0)
      throw Error(ErrorCode::InputFormat, fmt::format("no area column '{}'", o->area_col),
                  {o->areas.path, "", o->area_col}, "name a column with --area-col");
    for (const char* n : {"wijknaam", "buurtnaam", "naam", "name"})
      if (nc < 0) nc = areas->table.field_index(n);
    for (std::size_t a = 0; a < areas->size(); ++a)
      names.push_back(nc >= 0 ? value_text(areas->table.rows[a][static_cast<std::size_t>(nc)])
                              : std::to_string(a + 1));
  }
  const std::size_t na = names.size();
  std::vector<std::vector<std::vector<double>>> n(
      na + 1, std::vector<std::vector<double>>(inc.categories.size(), std::vector<double>(np, 0)));
  std::optional<join::PolygonIndex> index;
  if (areas) index.emplace(*areas);
  std::vector<std::int32_t> hit;
  for (std::size_t i = 0; i < inc.size(); ++i) {
    if (inc.time[i] == kNoTime) continue;
    const auto p = static_cast<std::size_t>(key(inc.time[i]) - k0);
    const auto c = static_cast<std::size_t>(inc.category[i]);
    n[0][c][p] += inc.weight[i];
    if (index) {
      index->assign(inc.x[i], inc.y[i], hit);
      for (std::int32_t a : hit) n[static_cast<std::size_t>(a) + 1][c][p] += inc.weight[i];
    }
  }
  // Publication: the cells of area x period x category are counts like any other; the
  // municipality, the areas and every margin are protected together (publish/counts.hpp), and
  // a withheld value is a gap in the line.
  std::vector<std::vector<std::vector<std::uint8_t>>> withheld(
      na + 1, std::vector<std::vector<std::uint8_t>>(inc.categories.size(),
                                                     std::vector<std::uint8_t>(np, 0)));
  if (o->publication.published()) {
    publish::validate(o->publication);
    if (!st.weight_column.empty())
      throw Error(ErrorCode::Usage, "published charts count incidents; weights are not published",
                  {o->inc.path, "", "--weight-col"},
                  "leave --weight-col out, or add --internal for charts not for publication");
    Table t;
    t.fields = {{"area", FieldType::String},
                {"period", FieldType::String},
                {"n_incidents", FieldType::Integer}};
    for (int c : cats) t.fields.push_back({"n_c" + std::to_string(c), FieldType::Integer});
    for (std::size_t a = 0; a <= na; ++a)
      for (std::size_t p = 0; p < np; ++p) {
        std::vector<Value> row{Value(a == 0 ? std::string("\x01gemeente") : names[a - 1]),
                               Value(x[p])};
        std::int64_t tot = 0;
        for (int c : cats) tot += std::llround(n[a][static_cast<std::size_t>(c)][p]);
        row.emplace_back(tot);
        for (int c : cats) row.emplace_back(std::llround(n[a][static_cast<std::size_t>(c)][p]));
        t.rows.push_back(std::move(row));
      }
    const std::size_t w = publish::protect_table(t, o->publication, ctx);
    for (std::size_t a = 0, r = 0; a <= na; ++a)
      for (std::size_t p = 0; p < np; ++p, ++r)
        for (std::size_t k = 0; k < cats.size(); ++k) {
          const Value& v = t.rows[r][3 + k];
          if (const auto* cnt = std::get_if<std::int64_t>(&v)) {  // rounded to a multiple of 5
            n[a][static_cast<std::size_t>(cats[k])][p] = static_cast<double>(*cnt);
          } else {
            n[a][static_cast<std::size_t>(cats[k])][p] = std::nan("");
            withheld[a][static_cast<std::size_t>(cats[k])][p] = 1;
          }
        }
    if (w) ctx.info("charts: {} value(s) withheld for publication (gaps in the lines)", w);
  }
  const bool nl = o->lang == "nl";
  const char* per = o->by == "year"      ? (nl ? "jaar" : "year")
                    : o->by == "quarter" ? (nl ? "kwartaal" : "quarter")
                                         : (nl ? "maand" : "month");
  auto chart = [&](std::size_t a, const std::string& title) {
    mapping::Chart ch;
    ch.title = title;
    ch.y_label = nl ? fmt::format("incidenten per {}", per) : fmt::format("incidents per {}", per);
    ch.source = o->source;
    ch.x_labels = x;
    for (int c : cats)
      ch.series.push_back({human(inc.categories.name(c)), n[a][static_cast<std::size_t>(c)]});
    return ch;
  };
  std::filesystem::create_directories(dir);
  const std::string t0 = o->title.empty() ? (nl ? fmt::format("Incidenten per {} en soort", per)
                                                : fmt::format("Incidents per {} by category", per))
                                          : o->title;
  mapping::write_chart_png(chart(0, t0), dir / "categories.png");
  std::string csv = "period,area,category,n,suppressed\n";
  for (std::size_t a = 0; a <= na; ++a)
    for (int c : cats)
      for (std::size_t p = 0; p < np; ++p) {
        const double v = n[a][static_cast<std::size_t>(c)][p];
        csv += fmt::format("{},{},{},{},{}\n", x[p],
                           io::csv_cell(Value(a == 0 ? std::string(nl ? "gemeente" : "municipality")
                                                     : names[a - 1])),
                           io::csv_cell(Value(inc.categories.name(c))),
                           std::isnan(v) ? std::string() : fmt::format("{}", v),
                           withheld[a][static_cast<std::size_t>(c)][p] ? "n" : "");
      }
  for (std::size_t a = 0; a < na; ++a)
    mapping::write_chart_png(chart(a + 1, names[a]),
                             dir / ("area_" + column_safe(names[a]) + ".png"));
  write_file_atomically(dir / "series.csv", csv);
  ctx.info("charts: {} periods x {} categories for the municipality{}; written to {}", np,
           cats.size(), na ? fmt::format(" and {} areas", na) : "", dir.string());
  std::uint64_t timed = 0;
  for (auto t : inc.time) timed += t != kNoTime;
  ctx.always(step::summary_line(st.read, timed, inc.size() - timed, st.rejected, n_filtered) +
             step::geocoded_term(st));
}

}  // namespace hotspot::mapping
