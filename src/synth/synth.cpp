#include "hotspot/synth/synth.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>

#include <fmt/format.h>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/geom/geos_handles.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/io/area_reader.hpp"

namespace hotspot::synth {

namespace {

// ---- calibration ----------------------------------------------------------------------
// Report figures (figures.md); "assumed" where the report gives none for that year.
struct Series {
  const char* category;
  int first_year;
  std::vector<int> totals;  // from first_year on; years outside take the nearest
};
const std::vector<Series>& series() {
  static const std::vector<Series> s{
      {"jeugdoverlast", 2018, {554, 582, 972, 779, 375}},  // police reports, youth nuisance
      {"woninginbraak", 2017, {266, 186, 158, 135, 184, 182}},
      {"straatroof", 2017, {11, 7, 11, 7, 3, 5}},
      {"overval", 2017, {0, 1, 4, 1, 2, 4}},
      {"drugs", 2018, {56, 56, 56, 56, 41}},  // 2021 56, 2022 41; 2018-2020 assumed = 2021
      {"ondermijning",
       2018,
       {15, 15, 15, 15, 15}},  // 2022: 15 signals; earlier years assumed equal
      {"woonoverlast", 2018, {11, 11, 15, 19, 20}},  // 2019-2022 report; 2018 assumed = 2019
      {"kamerverhuur", 2018, {4, 5, 6, 8, 10}},      // no figures ("rising"): assumed
  };
  return s;
}

// ---- random numbers -----------------------------------------------------------------------
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  double uniform() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double normal() {  // Box-Muller, our own so the sequence is portable
    double u1 = uniform();
    while (u1 <= 0) u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }
  std::size_t pick(const std::vector<double>& cumulative) {
    const double u = uniform() * cumulative.back();
    return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                                    cumulative.begin());
  }

 private:
  std::mt19937_64 g_;
};

std::vector<double> cumulative(const std::vector<double>& w) {
  std::vector<double> c(w.size());
  double s = 0;
  for (std::size_t i = 0; i < w.size(); ++i) c[i] = (s += w[i]);
  return c;
}

// ---- space ---------------------------------------------------------------------------------
/// Uniform points inside polygons, by rejection from the bounding box (GEOS prepared).
class PolygonSet {
 public:
  PolygonSet(const AreaLayer& layer, GeosContext& ctx) : ctx_(ctx) {
    for (std::size_t i = 0; i < layer.size(); ++i) {
      GEOSGeometry* g = layer.table.geometries[i]->exportToGEOS(ctx.get());
      geoms_.emplace_back(g, GeosGeomDeleter{ctx.get()});
      prepared_.emplace_back(GEOSPrepare_r(ctx.get(), g), GeosPreparedDeleter{ctx.get()});
      OGREnvelope e;
      layer.table.geometries[i]->getEnvelope(&e);
      env_.push_back(e);
      double cx = 0, cy = 0;
      const GeosGeomPtr c(GEOSGetCentroid_r(ctx.get(), g), GeosGeomDeleter{ctx.get()});
      GEOSGeomGetX_r(ctx.get(), c.get(), &cx);
      GEOSGeomGetY_r(ctx.get(), c.get(), &cy);
      centroid_.push_back({cx, cy});
    }
  }
  bool contains(std::size_t i, double x, double y) const {
    GeosGeomPtr p(GEOSGeom_createPointFromXY_r(ctx_.get(), x, y), GeosGeomDeleter{ctx_.get()});
    return GEOSPreparedContainsProperly_r(ctx_.get(), prepared_[i].get(), p.get()) == 1;
  }
  void sample(std::size_t i, Rng& rng, double& x, double& y) const {
    const OGREnvelope& e = env_[i];
    for (int tries = 0; tries < 10000; ++tries) {
      x = e.MinX + rng.uniform() * (e.MaxX - e.MinX);
      y = e.MinY + rng.uniform() * (e.MaxY - e.MinY);
      if (contains(i, x, y)) return;
    }
    x = centroid_[i].first;
    y = centroid_[i].second;
  }
  std::pair<double, double> centroid(std::size_t i) const { return centroid_[i]; }

 private:
  GeosContext& ctx_;
  std::vector<GeosGeomPtr> geoms_;
  std::vector<GeosPreparedPtr> prepared_;
  std::vector<OGREnvelope> env_;
  std::vector<std::pair<double, double>> centroid_;
};

/// One way of placing an incident.
enum class Where { Place, Residential, Centre, Municipality };
struct Component {
  Where where;
  double share;
  std::string place;    // for Place
  double jitter_m = 0;  // Gaussian spread added around the place
};

const std::map<std::string, std::vector<Component>>& space_model() {
  static const std::map<std::string, std::vector<Component>> m{
      {"jeugdoverlast",
       {{Where::Place, 0.15, "Boreelplein", 20},
        {Where::Place, 0.12, "Andriessenplein", 20},
        {Where::Place, 0.12, "Beestenmarkt", 20},
        {Where::Place, 0.11, "IJsselstrandjes", 15},
        {Where::Place, 0.06, "IJsselspoorbrug (spoorbrug IJssellandtong)", 10},
        {Where::Place, 0.05, "Brink", 15},
        {Where::Place, 0.04, "Worpplantsoen", 20},
        {Where::Residential, 0.32},
        {Where::Municipality, 0.03}}},
      {"woninginbraak", {{Where::Residential, 0.95}, {Where::Municipality, 0.05}}},
      {"straatroof",
       {{Where::Centre, 0.55}, {Where::Residential, 0.40}, {Where::Municipality, 0.05}}},
      {"overval",
       {{Where::Centre, 0.45},
        {Where::Place, 0.30, "Boxbergerweg", 15},
        {Where::Residential, 0.25}}},
      {"drugs",
       {{Where::Centre, 0.35},
        {Where::Place, 0.10, "Boreelplein", 30},
        {Where::Place, 0.08, "Beestenmarkt", 30},
        {Where::Place, 0.07, "Bergweide 3", 20},
        {Where::Residential, 0.35},
        {Where::Municipality, 0.05}}},
      {"ondermijning",
       {{Where::Place, 0.40, "Bergweide 3", 10},
        {Where::Place, 0.30, "Bergweide 4", 10},
        {Where::Place, 0.10, "Boxbergerweg", 10},
        {Where::Residential, 0.15},
        {Where::Municipality, 0.05}}},
      {"woonoverlast", {{Where::Residential, 0.90}, {Where::Centre, 0.10}}},
      {"kamerverhuur", {{Where::Residential, 0.60}, {Where::Centre, 0.40}}},
  };
  return m;
}

// Year-specific changes the report describes.
double place_factor(const std::string& place, int year) {
  if (place == "IJsselstrandjes" && year == 2021) return 3.0;              // beach parties in 2021
  if (place.rfind("IJsselspoorbrug", 0) == 0 && year == 2022) return 0.3;  // fence placed in 2022
  return 1.0;
}

// ---- time ----------------------------------------------------------------------------------
struct TimeProfile {
  std::vector<double> hour;   // 24 weights
  std::vector<double> dow;    // 7 weights, Monday first
  std::vector<double> month;  // 12 weights
};
const TimeProfile& time_profile(const std::string& cat) {
  static const std::vector<double> flat_month(12, 1.0);
  static const std::map<std::string, TimeProfile> m{
      {"jeugdoverlast",
       {{2,  1.5, 1,   .5,  .2, .1,  .1, .2, .3,  .4, .5, .7,
         .9, 1,   1.2, 1.6, 2,  2.4, 3,  4,  5.5, 6,  5,  3.5},
        {.8, .8, .9, .9, 1.3, 1.6, 1.2},
        {.6, .6, .8, 1, 1.2, 1.3, 1.5, 1.3, 1.1, .9, .7, .7}}},
      {"woninginbraak",
       {{1.5, 1.5, 1.5, 1.5, 1.2, .8,  .6,  .6,  .8, 1.2, 1.4, 1.4,
         1.4, 1.4, 1.5, 1.7, 2,   2.4, 2.6, 2.4, 2,  1.6, 1.4, 1.4},
        {1, 1, 1, 1, 1.1, 1.1, .9},
        {1.4, 1.3, 1, .8, .7, .7, .8, .8, .9, 1.2, 1.4, 1.6}}},
      {"straatroof",
       {{3,  3, 2.5, 2,   1,   .5,  .3, .3,  .4,  .5, .7,  .8,
         .9, 1, 1.1, 1.3, 1.5, 1.8, 2,  2.3, 2.6, 3,  3.2, 3.2},
        {.8, .8, .9, 1, 1.2, 1.5, 1.3},
        flat_month}},
      {"overval",
       {{.5,  .3,  .2,  .1,  .1,  .1,  .2,  .5, 1,   1.2, 1.2, 1.2,
         1.2, 1.2, 1.3, 1.5, 1.8, 2.2, 2.4, 2,  1.6, 1.2, .9,  .7},
        {1, 1, 1, 1, 1.2, 1.3, .6},
        {1.4, 1.1, 1, .9, .8, .8, .8, .8, .9, 1.1, 1.3, 1.6}}},
      {"drugs",
       {{1,   .8,  .5,  .3,  .2, .2,  .3,  .5,  .8,  1, 1.2, 1.4,
         1.5, 1.6, 1.7, 1.8, 2,  2.2, 2.3, 2.3, 2.2, 2, 1.6, 1.3},
        {.9, .9, 1, 1, 1.2, 1.2, .9},
        flat_month}},
      {"ondermijning",  // signals are recorded in office hours
       {{0, 0, 0, 0, 0, 0, 0, .2, 1, 1.5, 1.5, 1.2, .8, 1.3, 1.5, 1.4, 1, .3, 0, 0, 0, 0, 0, 0},
        {1, 1, 1, 1, .8, 0, 0},
        flat_month}},
      {"woonoverlast",
       {{1.2, .8, .5,  .3,  .2,  .2,  .3,  .5, .8,  1,   1, 1,
         1,   1,  1.1, 1.2, 1.4, 1.6, 1.8, 2,  2.2, 2.2, 2, 1.6},
        {.9, .9, .9, .9, 1.1, 1.4, 1.3},
        flat_month}},
      {"kamerverhuur",  // inspections and reports in office hours
       {{0, 0, 0, 0, 0, 0, 0, .3, 1, 1.5, 1.5, 1.3, .8, 1.3, 1.5, 1.4, 1, .4, .1, 0, 0, 0, 0, 0},
        {1, 1, 1, 1, .9, 0, 0},
        flat_month}},
  };
  return m.at(cat);
}

std::int64_t sample_time(const TimeProfile& p, int year, Rng& rng) {
  const std::int64_t d0 = days_from_civil(year, 1, 1), d1 = days_from_civil(year + 1, 1, 1);
  const double maxw = *std::max_element(p.dow.begin(), p.dow.end()) *
                      *std::max_element(p.month.begin(), p.month.end());
  std::int64_t day = d0;
  for (int tries = 0; tries < 1000; ++tries) {  // accept/reject on weekday x month weight
    day = d0 + static_cast<std::int64_t>(rng.uniform() * static_cast<double>(d1 - d0));
    const CivilTime c = civil_from_local_seconds(day * 86400);
    const double w =
        p.dow[static_cast<std::size_t>(c.weekday)] * p.month[static_cast<std::size_t>(c.month - 1)];
    if (rng.uniform() * maxw < w) break;
  }
  const std::vector<double> hc = cumulative(p.hour);
  const auto hour = static_cast<std::int64_t>(rng.pick(hc));
  const auto sec = static_cast<std::int64_t>(rng.uniform() * 3600.0);
  return day * 86400 + hour * 3600 + sec;
}

}  // namespace

const std::vector<std::string>& categories() {
  static const std::vector<std::string> c = [] {
    std::vector<std::string> v;
    for (const auto& s : series()) v.emplace_back(s.category);
    return v;
  }();
  return c;
}

int yearly_total(const std::string& category, int year) {
  for (const auto& s : series()) {
    if (category != s.category) continue;
    const int i = std::clamp(year - s.first_year, 0, static_cast<int>(s.totals.size()) - 1);
    return s.totals[static_cast<std::size_t>(i)];
  }
  return 0;
}

double SynthConfig::expected_rows() const {
  // The first 200 years summed, the rest extrapolated: a range of a million years is
  // estimated (and refused) without a million-step loop.
  const std::int64_t span = std::int64_t{year_to} - year_from + 1;
  if (span <= 0) return 0;
  const int summed = static_cast<int>(std::min<std::int64_t>(span, 200));
  double n = 0;
  for (const auto& c : categories())
    for (int y = year_from; y < year_from + summed; ++y) n += yearly_total(c, y);
  return n * static_cast<double>(span) / summed * scale;
}

void SynthConfig::validate(std::uint64_t budget_bytes) const {
  if (year_from > year_to)
    throw Error(ErrorCode::Usage, fmt::format("year range {}-{} is empty", year_from, year_to),
                {"", "", "years"}, "give --years FROM-TO with FROM <= TO");
  if (!(scale > 0) || scale > 1e5)
    throw Error(ErrorCode::Usage, fmt::format("scale {} out of range", scale), {"", "", "scale"},
                "give --scale between 0 and 100000");
  // The size first: what the request would take is the most useful thing to say about it.
  const double rows = expected_rows(), bytes = rows * 100;
  if (bytes > static_cast<double>(budget_bytes))
    throw Error(
        ErrorCode::Resource,
        fmt::format("about {:.3g} synthetic incidents would need about {} of memory, more than the "
                    "{} available",
                    rows, human_bytes(bytes), human_bytes(static_cast<double>(budget_bytes))),
        {"", "", "scale"}, "use fewer years or a smaller --scale/--total");
  if (year_from < 1900 || year_to > 2100)
    throw Error(ErrorCode::Usage,
                fmt::format("year range {}-{} lies outside 1900-2100", year_from, year_to),
                {"", "", "years"}, "give --years FROM-TO, e.g. 2018-2022");
}

std::vector<SynthRecord> generate(const SynthConfig& cfg, RunContext& ctx) {
  cfg.validate(ctx.memory_budget());
  RunContext quiet;
  quiet.verbosity = Verbosity::Quiet;
  io::AreaSourceConfig bc;
  bc.path = (cfg.geodata_dir / "deventer_buurten.geojson").string();
  const AreaLayer buurten = io::read_areas(bc, quiet);
  bc.path = (cfg.geodata_dir / "deventer_wijken.geojson").string();
  const AreaLayer wijken = io::read_areas(bc, quiet);
  bc.path = (cfg.geodata_dir / "deventer_locaties.geojson").string();
  const AreaLayer places = io::read_areas(bc, quiet);

  // Residential weight of a buurt: its wijk's population (CBS KWB 2024) shared over the
  // wijk's buurten by area; industrial and retail estates get none.
  const int bcode = buurten.table.field_index("buurtcode"),
            bwijk = buurten.table.field_index("wijkcode");
  const int wcode = wijken.table.field_index("wijkcode"),
            wpop = wijken.table.field_index("aantal_inwoners");
  if (bcode < 0 || bwijk < 0 || wcode < 0 || wpop < 0)
    throw Error(ErrorCode::InputFormat,
                "buurten/wijken lack buurtcode, wijkcode or aantal_inwoners",
                {cfg.geodata_dir.string()});
  std::map<std::string, double> wijk_pop, wijk_area;
  for (std::size_t i = 0; i < wijken.size(); ++i)
    wijk_pop[value_text(wijken.table.rows[i][static_cast<std::size_t>(wcode)])] =
        value_number(wijken.table.rows[i][static_cast<std::size_t>(wpop)]).value_or(0.0);
  auto non_residential = [&](std::size_t i) {
    const std::string code = value_text(buurten.table.rows[i][static_cast<std::size_t>(bcode)]);
    return code == "BU01500704" ||
           code == "BU01501009";  // Industrieterrein, Handelspark De Weteringen
  };
  for (std::size_t i = 0; i < buurten.size(); ++i)
    if (!non_residential(i))
      wijk_area[value_text(buurten.table.rows[i][static_cast<std::size_t>(bwijk)])] +=
          buurten.area_m2[i];
  std::vector<double> res_w(buurten.size(), 0.0), centre_w(buurten.size(), 0.0);
  for (std::size_t i = 0; i < buurten.size(); ++i) {
    const std::string w = value_text(buurten.table.rows[i][static_cast<std::size_t>(bwijk)]);
    if (!non_residential(i) && wijk_area[w] > 0)
      res_w[i] = wijk_pop[w] * buurten.area_m2[i] / wijk_area[w];
    if (w == "WK015001") centre_w[i] = buurten.area_m2[i];  // Binnenstad
  }
  const auto res_c = cumulative(res_w), centre_c = cumulative(centre_w);
  std::vector<double> all_w(buurten.area_m2);
  const auto all_c = cumulative(all_w);
  std::map<std::string, std::size_t> place_index;
  const int pname = places.table.field_index("name");
  for (std::size_t i = 0; i < places.size(); ++i)
    place_index[value_text(places.table.rows[i][static_cast<std::size_t>(pname)])] = i;

  GeosContext geos;
  const PolygonSet bset(buurten, geos), pset(places, geos);
  std::vector<SynthRecord> out;
  // One generator stream per (category, year), so changing one series leaves the others alone.
  std::uint64_t stream = 0;
  for (const std::string& cat : categories()) {
    const auto& comps = space_model().at(cat);
    for (const auto& comp : comps)
      if (comp.where == Where::Place && !place_index.count(comp.place))
        throw Error(ErrorCode::InputFormat, fmt::format("named place '{}' missing", comp.place),
                    {bc.path});
    const TimeProfile& tp = time_profile(cat);
    for (int year = cfg.year_from; year <= cfg.year_to; ++year, ++stream) {
      Rng rng(cfg.seed * 0x9E3779B97F4A7C15ULL + stream * 0xBF58476D1CE4E5B9ULL + 1);
      const auto n = static_cast<std::int64_t>(std::llround(yearly_total(cat, year) * cfg.scale));
      std::vector<double> w;
      for (const auto& comp : comps)
        w.push_back(comp.share *
                    (comp.where == Where::Place ? place_factor(comp.place, year) : 1.0));
      const auto wc = cumulative(w);
      for (std::int64_t k = 0; k < n; ++k) {
        const Component& comp = comps[rng.pick(wc)];
        double x = 0, y = 0;
        switch (comp.where) {
          case Where::Place: {
            pset.sample(place_index.at(comp.place), rng, x, y);
            x += comp.jitter_m * rng.normal();
            y += comp.jitter_m * rng.normal();
            break;
          }
          case Where::Residential:
            bset.sample(rng.pick(res_c), rng, x, y);
            break;
          case Where::Centre:
            bset.sample(rng.pick(centre_c), rng, x, y);
            break;
          case Where::Municipality:
            bset.sample(rng.pick(all_c), rng, x, y);
            break;
        }
        out.push_back({0, std::round(x * 100) / 100, std::round(y * 100) / 100, cat,
                       sample_time(tp, year, rng)});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const SynthRecord& a, const SynthRecord& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.category != b.category) return a.category < b.category;
    if (a.x != b.x) return a.x < b.x;
    return a.y < b.y;
  });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].id = static_cast<std::int64_t>(i + 1);
  ctx.debug("synth: {} incidents, seed {}, years {}-{}, scale {}", out.size(), cfg.seed,
            cfg.year_from, cfg.year_to, cfg.scale);
  return out;
}

void write_csv(const std::vector<SynthRecord>& recs, const std::filesystem::path& path) {
  AtomicFile f(path);
  {
    fmt::memory_buffer buf;
    fmt::format_to(std::back_inserter(buf), "id,x,y,category,timestamp\n");
    for (const auto& r : recs) {
      const CivilTime c = civil_from_local_seconds(r.time);
      fmt::format_to(std::back_inserter(buf),
                     "{},{:.2f},{:.2f},{},{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}\n", r.id, r.x,
                     r.y, r.category, c.year, c.month, c.day, c.hour, c.minute, c.second);
      if (buf.size() > (1 << 20)) {
        f.append(std::string_view(buf.data(), buf.size()));
        buf.clear();
      }
    }
    f.append(std::string_view(buf.data(), buf.size()));
  }
  f.commit();
}

}  // namespace hotspot::synth
