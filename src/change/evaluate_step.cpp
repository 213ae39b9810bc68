// hotspot evaluate: which hot spot method would have predicted next period's incidents.
#include "hotspot/change/evaluate_step.hpp"

#include <cmath>
#include <map>
#include <fmt/format.h>
#include "hotspot/change/evaluate.hpp"
#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/export/chart.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::change {

namespace {}  // namespace

void declare(OptionSet& s, EvaluateStepConfig& c) {
  step::declare_incidents(s, c.inc);
  s.opt("grid-m", &c.grid_m, "Cell size in metres").required();
  s.opt("extent", &c.extent, "XMIN,YMIN,XMAX,YMAX: the study area");
  s.opt("mask", &c.mask, "Polygons: the study area is the cells whose centre is inside")
      .input()
      .format("vector");
  s.opt("by", &c.by, "Periods: year, quarter or month");
  s.opt("methods", &c.ec.methods, "counts, kde, gistar, score (comma-separated)").comma();
  s.opt("coverage", &c.ec.coverage_pct, "Shares of the area in per cent (comma-separated)").comma();
  s.opt("bandwidths-m", &c.ec.bandwidths_m, "KDE bandwidths to try, metres (comma-separated)")
      .comma();
  s.opt("out", &c.out, "Output CSV: method,parameter,period,area_share,hit_rate,pai,pei")
      .required()
      .output()
      .format("table");
  step::declare_rejects(s, c.rejects);
  s.opt("chart", &c.chart, "Also a PNG: the mean PAI of each method at each coverage")
      .output()
      .format("image");
  step::declare_filter(s, c.filter);
  publish::declare(s, c.publication);
}

namespace {

/// Checks and conversions that need no input, in place (run and validate share them).
void prepare(EvaluateStepConfig* o) {
  o->ec.by = change::parse_time_bin(o->by, "--by");
  o->ec.validate();
  if (!(o->grid_m > 0))
    throw Error(ErrorCode::Usage, "--grid-m must be positive", {"", "", "--grid-m"},
                "e.g. --grid-m 250");
  if (std::filesystem::path(o->out).extension() != ".csv")
    throw Error(ErrorCode::Usage, "the evaluation is a table", {o->out, "", "--out"},
                "end the name in .csv");
  check_output_paths({{"--incidents", o->inc.path}, {"--mask", o->mask}},
                     {{"--out", o->out},
                      {"--rejects", step::rejects_path(o->rejects, o->out)},
                      {"--chart", o->chart}});
  (void)o->filter.make();
}

}  // namespace

void validate(const EvaluateStepConfig& config, const step::Env&) {
  publish::validate(config.publication);
  EvaluateStepConfig copy = config;
  prepare(&copy);
}

void run(const EvaluateStepConfig& config, step::Env& env) {
  EvaluateStepConfig copy = config;
  EvaluateStepConfig* o = &copy;
  RunContext& ctx = env.ctx;
  prepare(o);
  const IncidentFilter filter = o->filter.make();
  std::vector<std::uint8_t> mask;
  const Grid grid = step::study_grid(o->extent, o->mask, o->grid_m, env, mask);
  RejectsSink rejects;
  IncidentTable all;
  const io::ReadStats st =
      step::read_incidents_or_fail(o->inc, all, rejects, env, o->rejects, o->out);
  std::uint64_t n_filtered = 0;
  const IncidentTable inc =
      step::select_incidents(std::move(all), filter, ctx, o->inc.path, n_filtered);
  const auto rows = change::evaluate(inc, grid, mask.empty() ? nullptr : &mask, o->ec, ctx);
  std::string csv = "method,parameter,period,area_share,hit_rate,pai,pei,rri\n";
  // Shares of all the incidents of a period: published to 3 significant digits.
  const bool pub = o->publication.published();
  auto num = [pub](double v) {
    if (!std::isfinite(v)) return std::string();
    return pub ? fmt::format("{}", publish::round_significant(v, 3)) : fmt::format("{}", v);
  };
  for (const auto& r : rows)
    csv += fmt::format("{},{},{},{},{},{},{},{}\n", r.method, r.parameter, r.period, r.area_share,
                       num(r.hit_rate), num(r.pai), num(r.pei), num(r.rri));
  write_file_atomically(o->out, csv);
  for (double c : o->ec.coverage_pct) ctx.info("{}", change::recommend(rows, c));
  if (!o->chart.empty()) {
    // Mean PAI over the periods, per method (and parameter) and coverage.
    mapping::Chart ch;
    ch.title = "Voorspelkracht per methode (PAI)";
    ch.y_label = "PAI, gemiddeld over de perioden";
    ch.source = "Bron: eigen meldingen; bewerking hotspot evaluate";
    for (double c : o->ec.coverage_pct)
      ch.x_labels.push_back(fmt::format("{} % van het gebied", c));
    std::map<std::string, std::vector<std::pair<double, int>>> acc;
    std::vector<std::string> order;
    for (const auto& r : rows) {
      const std::string name = r.parameter.empty() ? r.method : r.method + " (" + r.parameter + ")";
      auto [it, fresh] = acc.try_emplace(
          name, std::vector<std::pair<double, int>>(o->ec.coverage_pct.size(), {0.0, 0}));
      if (fresh) order.push_back(name);
      for (std::size_t k = 0; k < o->ec.coverage_pct.size(); ++k)
        if (std::fabs(r.area_share * 100 - o->ec.coverage_pct[k]) <= 0.5 * o->ec.coverage_pct[k]) {
          it->second[k].first += r.pai;
          ++it->second[k].second;
          break;
        }
    }
    for (const auto& name : order) {
      mapping::ChartSeries s{name, {}};
      for (const auto& [sum, n] : acc[name]) s.values.push_back(n ? sum / n : std::nan(""));
      ch.series.push_back(std::move(s));
    }
    mapping::write_chart_png(ch, o->chart);
  }
  std::uint64_t inside = 0;
  for (std::size_t i = 0; i < inc.size(); ++i)
    if (auto c = grid.cell_of(inc.x[i], inc.y[i]);
        c && (mask.empty() || mask[static_cast<std::size_t>(*c)]))
      ++inside;
  ctx.always(step::summary_line(st.read, inside, inc.size() - inside, st.rejected, n_filtered) +
             step::geocoded_term(st));
}

}  // namespace hotspot::change
