#include "hotspot/join/join.hpp"

#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/parallel.hpp"
#include "hotspot/join/point_in_polygon.hpp"

namespace hotspot::join {

std::string period_label(std::int64_t t, Period p) {
  if (t == kNoTime) return "unknown";
  const CivilTime c = civil_from_local_seconds(t);
  return p == Period::Month ? fmt::format("{:04d}_{:02d}", c.year, c.month)
                            : fmt::format("{:04d}", c.year);
}

namespace {

struct Partial {
  std::vector<std::int64_t> by_cat;                            // area * ncat + cat
  std::map<std::string, std::vector<std::int64_t>> by_period;  // label -> per area
  std::uint64_t joined = 0, outside = 0;
};

}  // namespace

JoinResult join_points(const IncidentTable& inc, const AreaLayer& areas, const JoinConfig& cfg,
                       RunContext& ctx) {
  if (cfg.by != Period::None && !inc.has_time)
    throw Error(ErrorCode::InputFormat,
                "counts per period need timestamps, and the incidents have no time column",
                {"", "", "--by"},
                "name the column with the date and time with --time-col, or leave --by out");
  const std::size_t n = inc.size(), na = areas.size(),
                    nc = std::max<std::size_t>(1, inc.categories.size());
  JoinResult r;
  if (cfg.keep_assignment) r.first_area.assign(n, -1);
  // Enough work per thread to pay for building its own index.
  const unsigned nthreads = static_cast<unsigned>(
      std::max<std::size_t>(1, std::min<std::size_t>(ctx.thread_count(), n / 20000 + 1)));
  std::vector<Partial> parts(nthreads);
  Progress progress(ctx, "joining", n);
  auto work = [&](unsigned t) {
    Partial& p = parts[t];
    p.by_cat.assign(na * nc, 0);
    PolygonIndex index(areas);
    std::vector<std::int32_t> hit;
    const std::size_t lo = n * t / nthreads, hi = n * (t + 1) / nthreads;
    // Periods by an integer key (year * 100 + month, or year), labelled once at the end:
    // no string is formatted per incident.
    std::map<std::int64_t, std::vector<std::int64_t>> by_key;
    std::vector<std::int64_t>* cur_period = nullptr;
    std::int64_t cur_key = INT64_MIN;
    for (std::size_t i = lo; i < hi; ++i) {
      if (((i - lo) & 0x3FFF) == 0x3FFF) progress.advance(0x4000);
      index.assign(inc.x[i], inc.y[i], hit);
      if (hit.empty()) {
        ++p.outside;
        continue;
      }
      ++p.joined;
      if (cfg.keep_assignment) r.first_area[i] = hit.front();
      const auto cat = static_cast<std::size_t>(inc.category[i]);
      if (cfg.by != Period::None) {
        std::int64_t key = -1;  // no timestamp
        if (inc.time[i] != kNoTime) {
          const CivilTime c = civil_from_local_seconds(inc.time[i]);
          key = cfg.by == Period::Month ? c.year * 100 + c.month : c.year;
        }
        if (!cur_period || key != cur_key) {
          cur_period = &by_key.try_emplace(key, std::vector<std::int64_t>(na, 0)).first->second;
          cur_key = key;
        }
      }
      for (std::int32_t a : hit) {
        ++p.by_cat[static_cast<std::size_t>(a) * nc + cat];
        if (cur_period) ++(*cur_period)[static_cast<std::size_t>(a)];
      }
    }
    for (auto& [key, counts] : by_key) {
      std::string label = key < 0 ? "unknown"
                          : cfg.by == Period::Month
                              ? fmt::format("{:04d}_{:02d}", key / 100, key % 100)
                              : fmt::format("{:04d}", key);
      p.by_period.emplace(std::move(label), std::move(counts));
    }
  };
  parallel_tasks(nthreads, work);
  progress.finish();
  r.by_category.assign(na, std::vector<std::int64_t>(nc, 0));
  r.total.assign(na, 0);
  std::map<std::string, std::vector<std::int64_t>> periods;
  for (const Partial& p : parts) {
    r.joined += p.joined;
    r.outside += p.outside;
    for (std::size_t a = 0; a < na; ++a)
      for (std::size_t c = 0; c < nc; ++c) r.by_category[a][c] += p.by_cat[a * nc + c];
    for (const auto& [label, v] : p.by_period) {
      auto& dst = periods.try_emplace(label, std::vector<std::int64_t>(na, 0)).first->second;
      for (std::size_t a = 0; a < na; ++a) dst[a] += v[a];
    }
  }
  for (std::size_t a = 0; a < na; ++a)
    for (std::size_t c = 0; c < nc; ++c) r.total[a] += r.by_category[a][c];
  r.by_period.assign(na, {});
  for (const auto& [label, v] : periods) {
    r.periods.push_back(label);
    for (std::size_t a = 0; a < na; ++a) r.by_period[a].push_back(v[a]);
  }
  // Warn when most incidents lie outside the layer's extent: the usual sign of a wrong CRS
  // or swapped columns. (Outside the areas but inside the extent is normal for a layer of
  // named places that covers a small part of town.)
  OGREnvelope env;
  for (const auto& g : areas.table.geometries) {
    OGREnvelope e;
    g->getEnvelope(&e);
    env.Merge(e);
  }
  std::uint64_t off_extent = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (!(inc.x[i] >= env.MinX && inc.x[i] <= env.MaxX && inc.y[i] >= env.MinY &&
          inc.y[i] <= env.MaxY))
      ++off_extent;
  if (n > 0 && off_extent * 2 > n)
    ctx.warn(
        "{} of {} incidents ({:.0f} %) fall outside the extent of {}: check the incident CRS "
        "(--crs) "
        "and whether the coordinate columns are swapped",
        off_extent, n, 100.0 * static_cast<double>(off_extent) / static_cast<double>(n),
        areas.source);
  return r;
}

namespace {
int find_population(const AreaLayer& areas, const JoinConfig& cfg, RunContext& ctx) {
  if (cfg.population_col == "-") return -1;
  const auto& f = areas.table.fields;
  if (!cfg.population_col.empty()) {
    const int i = areas.table.field_index(cfg.population_col);
    if (i < 0)
      ctx.warn("{}: no population column '{}'; rates are left out", areas.source,
               cfg.population_col);
    return i;
  }
  static constexpr std::array names{"aantal_inwoners", "population", "inwoners", "bevolking",
                                    "pop_total"};
  for (const char* want : names)
    for (std::size_t i = 0; i < f.size(); ++i)
      if (column_safe(f[i].name) == want && f[i].type != FieldType::String)
        return static_cast<int>(i);
  return -1;
}
}  // namespace

Table counts_table(const AreaLayer& areas, const IncidentTable& inc, const JoinResult& r,
                   const JoinConfig& cfg, RunContext& ctx) {
  Table t;
  t.crs = areas.table.crs;
  t.fields = areas.table.fields;
  const int pop = find_population(areas, cfg, ctx);
  const std::vector<int> cats = inc.categories.sorted_ids();
  // Category columns never take a fixed column's name (a category "incidents" or "2018"),
  // nor an attribute's of the area layer.
  std::vector<std::string> reserved{"area_km2", "n_incidents", "density_km2", "rate_per_1000"};
  for (const auto& p : r.periods) reserved.push_back("n_" + p);
  for (const auto& f : areas.table.fields) reserved.push_back(fold_category(f.name));
  std::vector<std::string> renamed;
  const auto cat_cols = category_columns(inc.categories, cats, reserved, &renamed);
  for (const auto& w : renamed) ctx.warn("{}", w);
  t.fields.push_back({"area_km2", FieldType::Real});
  t.fields.push_back({"n_incidents", FieldType::Integer});
  for (const auto& name : cat_cols) t.fields.push_back({name, FieldType::Integer});
  for (const auto& p : r.periods) t.fields.push_back({"n_" + p, FieldType::Integer});
  t.fields.push_back({"density_km2", FieldType::Real});
  if (pop >= 0) t.fields.push_back({"rate_per_1000", FieldType::Real});
  for (std::size_t a = 0; a < areas.size(); ++a) {
    std::vector<Value> row = areas.table.rows[a];
    const double km2 = areas.area_m2[a] / 1e6;
    row.emplace_back(km2);
    row.emplace_back(r.total[a]);
    for (int c : cats) row.emplace_back(r.by_category[a][static_cast<std::size_t>(c)]);
    for (std::size_t p = 0; p < r.periods.size(); ++p) row.emplace_back(r.by_period[a][p]);
    row.emplace_back(km2 > 0 ? static_cast<double>(r.total[a]) / km2 : Value{});
    if (pop >= 0) {
      const Value& pv = areas.table.rows[a][static_cast<std::size_t>(pop)];
      double people = -1;
      if (auto* i = std::get_if<std::int64_t>(&pv))
        people = static_cast<double>(*i);
      else if (auto* d = std::get_if<double>(&pv))
        people = *d;
      // CBS marks secret or missing figures with negative codes (-99997 ...): no rate.
      row.emplace_back(people > 0 ? Value(1000.0 * static_cast<double>(r.total[a]) / people)
                                  : Value{});
    }
    t.rows.push_back(std::move(row));
    t.geometries.emplace_back(areas.table.geometries[a]->clone());
  }
  return t;
}

}  // namespace hotspot::join
