#include "hotspot/score/score.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <toml.hpp>

#include "hotspot/core/error.hpp"
#include "hotspot/geom/geos_handles.hpp"
#include "hotspot/core/parallel.hpp"
#include "hotspot/core/point_buckets.hpp"
#include "hotspot/io/toml_file.hpp"
#include "hotspot/stats/stats.hpp"

namespace hotspot::score {

void ScoreConfig::validate() const {
  if (!(radius_m >= 0) || !std::isfinite(radius_m))
    throw Error(ErrorCode::Usage, fmt::format("radius {} m is negative", radius_m),
                {"", "", "--radius-m"}, "e.g. --radius-m 250");
  if (!(buffer_m >= 0) || !std::isfinite(buffer_m))
    throw Error(ErrorCode::Usage, fmt::format("buffer {} m is negative", buffer_m),
                {"", "", "--buffer-m"}, "e.g. --buffer-m 50");
  if (window_s <= 0)
    throw Error(ErrorCode::Usage, "the window must be positive", {"", "", "--window"},
                "e.g. --window 365d");
  if (!(half_life_days > 0) || !std::isfinite(half_life_days))
    throw Error(ErrorCode::Usage, "half_life_days must be positive", {"", "", "half_life_days"},
                "e.g. half_life_days = 365");
  // A score is a sum of weights over the incidents counted: each weight must be a number >= 0
  // small enough that a million of them still add up to a finite number (NaN would rank
  // first, a negative weight would let incidents lower a place's risk).
  constexpr double kMaxWeight = 1e12;
  auto check = [&](const std::string& key, double w) {
    if (!(w >= 0) || !(w <= kMaxWeight))
      throw Error(
          ErrorCode::Usage,
          fmt::format("weight {} = {} is not a number between 0 and {:g}", key, w, kMaxWeight),
          {"", "", key}, "give a weight such as 1 or 5");
  };
  check("default_weight", default_weight);
  for (const auto& [k, w] : weights) check("weights." + k, w);
}

std::int64_t parse_window(const std::string& s) {
  char unit = 0;
  double v = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%lf%c%c", &v, &unit, &tail) != 2 || !(v > 0))
    throw Error(ErrorCode::Usage, fmt::format("--window '{}' is not understood", s),
                {"", "", "--window"}, "write e.g. 365d, 52w, 12m or 1y");
  double days;
  switch (unit) {
    case 'd':
      days = v;
      break;
    case 'w':
      days = v * 7;
      break;
    case 'm':
      days = v * 30.44;
      break;
    case 'y':
      days = v * 365;
      break;
    default:
      throw Error(ErrorCode::Usage, fmt::format("--window '{}' has an unknown unit", s),
                  {"", "", "--window"}, "end it in d, w, m or y: 365d");
  }
  return static_cast<std::int64_t>(std::llround(days * 86400));
}

namespace {
/// A TOML number, integer or floating.
double number(const toml::value& v) {
  if (v.is_integer()) return static_cast<double>(v.as_integer());
  return v.as_floating();
}
}  // namespace

void load_score_config(const std::string& path, ScoreConfig& cfg) {
  const toml::value root = io::read_toml_file(path, "the score configuration");
  if (!root.contains("score")) return;
  const auto& sc = root.at("score");
  static const std::vector<std::string> known{"half_life_days", "default_weight", "radius_m",
                                              "buffer_m",       "window",         "weights"};
  for (const auto& [k, v] : sc.as_table()) {
    if (std::find(known.begin(), known.end(), k) == known.end())
      throw Error(ErrorCode::Usage,
                  fmt::format("unknown key '{}' in [score] (line {})", k, v.location().line()),
                  {path, "", k},
                  "known keys: half_life_days, default_weight, radius_m, buffer_m, window, "
                  "[score.weights]");
  }
  try {
    if (sc.contains("half_life_days")) cfg.half_life_days = number(sc.at("half_life_days"));
    if (sc.contains("default_weight")) cfg.default_weight = number(sc.at("default_weight"));
    if (sc.contains("radius_m")) cfg.radius_m = number(sc.at("radius_m"));
    if (sc.contains("buffer_m")) cfg.buffer_m = number(sc.at("buffer_m"));
    if (sc.contains("window")) cfg.window_s = parse_window(toml::get<std::string>(sc.at("window")));
    if (sc.contains("weights"))
      for (const auto& [k, v] : sc.at("weights").as_table()) cfg.weights[k] = number(v);
  } catch (const toml::type_error& e) {
    throw Error(ErrorCode::Usage, fmt::format("wrong type: {}", e.what()), {path},
                "numbers for weights and distances, text for window");
  }
  cfg.validate();
}

double poisson_trend_p(std::int64_t a, std::int64_t b) {
  return stats::poisson_equal_exposure_p(a, b);
}

std::vector<LocationScore> score_locations(const std::vector<GeometryPtr>& locs,
                                           const IncidentTable& inc, const ScoreConfig& cfg,
                                           std::int64_t at, RunContext& ctx) {
  cfg.validate();
  const std::size_t nc = inc.categories.size();
  std::vector<double> cat_w(nc, cfg.default_weight);
  // Weights name categories by their key (folded, as the incidents' are): one that is not in
  // the data is a mistake to report, not a weight to drop.
  for (const auto& [name, w] : cfg.weights) {
    const int id = inc.categories.find(fold_category(name));
    if (id < 0) {
      std::string have;
      for (const auto& n : inc.categories.names()) have += (have.empty() ? "" : ", ") + n;
      throw Error(
          ErrorCode::Usage,
          fmt::format("a weight for category '{}', which the incidents do not have (they have: {})",
                      name, have),
          {"", "", "weights." + name}, "name one of those categories in [score.weights]");
    }
    cat_w[static_cast<std::size_t>(id)] = w;
  }
  const PointBuckets buckets(inc.x.data(), inc.y.data(), inc.size(),
                             std::max(50.0, std::max(cfg.radius_m, cfg.buffer_m) * 2));
  const double rr = cfg.radius_m * cfg.radius_m;
  const double half_life_s = cfg.half_life_days * 86400;
  const std::int64_t w0 = at - cfg.window_s, w1 = at - 2 * cfg.window_s;
  std::vector<LocationScore> out(locs.size());
  Progress progress(ctx, "scoring", locs.size());
  auto count_one = [&](LocationScore& s, std::uint32_t i) {
    const std::int64_t t = inc.time[i];
    if (t != kNoTime && t > at) return;  // after the reference date
    const auto c = static_cast<std::size_t>(inc.category[i]);
    ++s.by_category[c];
    ++s.total;
    if (t != kNoTime) {
      if (t > w0)
        ++s.window;
      else if (t > w1)
        ++s.prev_window;
    }
    const double decay = t == kNoTime ? 1.0 : std::exp2(-static_cast<double>(at - t) / half_life_s);
    s.score += cat_w[c] * decay;
  };
  auto work = [&](std::size_t lo, std::size_t hi) {
    GeosContext gctx;
    GEOSContextHandle_t h = gctx.get();
    std::vector<double> contrib(nc);
    for (std::size_t k = lo; k < hi; ++k) {
      LocationScore& s = out[k];
      s.by_category.assign(nc, 0);
      const OGRGeometry& g = *locs[k];
      const auto gt = wkbFlatten(g.getGeometryType());
      if (gt == wkbPoint) {
        const double px = g.toPoint()->getX(), py = g.toPoint()->getY();
        buckets.query(px - cfg.radius_m, py - cfg.radius_m, px + cfg.radius_m, py + cfg.radius_m,
                      [&](std::uint32_t i) {
                        const double dx = inc.x[i] - px, dy = inc.y[i] - py;
                        if (dx * dx + dy * dy <= rr) count_one(s, i);
                      });
      } else {
        // Polygons (and multipoints): intersects the geometry grown by the buffer.
        GeosGeomPtr geom(g.exportToGEOS(h), GeosGeomDeleter{h});
        if (gt == wkbMultiPoint)
          geom.reset(GEOSBuffer_r(h, geom.get(), std::max(cfg.radius_m, 1e-9), 16));
        else if (cfg.buffer_m > 0)
          geom.reset(GEOSBuffer_r(h, geom.get(), cfg.buffer_m, 16));
        GeosPreparedPtr prep(GEOSPrepare_r(h, geom.get()), GeosPreparedDeleter{h});
        double xmin, ymin, xmax, ymax;
        GEOSGeom_getXMin_r(h, geom.get(), &xmin);
        GEOSGeom_getYMin_r(h, geom.get(), &ymin);
        GEOSGeom_getXMax_r(h, geom.get(), &xmax);
        GEOSGeom_getYMax_r(h, geom.get(), &ymax);
        buckets.query(xmin, ymin, xmax, ymax, [&](std::uint32_t i) {
          if (inc.x[i] < xmin || inc.x[i] > xmax || inc.y[i] < ymin || inc.y[i] > ymax) return;
          GeosGeomPtr pt(GEOSGeom_createPointFromXY_r(h, inc.x[i], inc.y[i]), GeosGeomDeleter{h});
          if (GEOSPreparedIntersects_r(h, prep.get(), pt.get()) == 1) count_one(s, i);
        });
      }
      s.trend = static_cast<double>(s.window - s.prev_window) /
                static_cast<double>(std::max<std::int64_t>(s.prev_window, 1));
      s.trend_p = poisson_trend_p(s.window, s.prev_window);
      // The category that contributed most (weight x count, the undecayed share).
      double best = 0;
      for (std::size_t c = 0; c < nc; ++c) {
        const double v = cat_w[c] * static_cast<double>(s.by_category[c]);
        if (v > best) {
          best = v;
          s.top_category = static_cast<int>(c);
        }
      }
      if ((k & 1023) == 1023) progress.advance(1024);
    }
  };
  const unsigned nt = std::max(
      1u, std::min<unsigned>(ctx.thread_count(), static_cast<unsigned>(locs.size() / 64 + 1)));
  parallel_for(locs.size(), nt, work);
  progress.finish();
  return out;
}

std::vector<std::int64_t> ranks(const std::vector<LocationScore>& s) {
  std::vector<std::size_t> order(s.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return s[a].score > s[b].score; });
  std::vector<std::int64_t> r(s.size());
  for (std::size_t k = 0; k < order.size(); ++k) r[order[k]] = static_cast<std::int64_t>(k + 1);
  return r;
}

}  // namespace hotspot::score

namespace hotspot::score {

std::vector<std::pair<std::int32_t, double>> nearest_places(const std::vector<GeometryPtr>& locs,
                                                            const std::vector<GeometryPtr>& places,
                                                            RunContext& ctx) {
  std::vector<std::pair<std::int32_t, double>> out(locs.size(), {-1, std::nan("")});
  if (places.empty()) return out;
  auto work = [&](std::size_t lo, std::size_t hi) {
    GeosContext gctx;
    GEOSContextHandle_t h = gctx.get();
    std::vector<GeosGeomPtr> pg;
    for (const auto& p : places) pg.emplace_back(p->exportToGEOS(h), GeosGeomDeleter{h});
    for (std::size_t k = lo; k < hi; ++k) {
      GeosGeomPtr g(locs[k]->exportToGEOS(h), GeosGeomDeleter{h});
      for (std::size_t p = 0; p < pg.size(); ++p) {
        double d = 0;
        if (GEOSDistance_r(h, g.get(), pg[p].get(), &d) != 1) continue;
        if (out[k].first < 0 || d < out[k].second) out[k] = {static_cast<std::int32_t>(p), d};
      }
    }
  };
  const unsigned nt = std::max(
      1u, std::min<unsigned>(ctx.thread_count(), static_cast<unsigned>(locs.size() / 64 + 1)));
  parallel_for(locs.size(), nt, work);
  return out;
}

}  // namespace hotspot::score
