// The map series' parts that decide what a reader sees: round class breaks, label placement
// without overlap, and styles that follow the rate rather than the raw count.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "hotspot/export/render.hpp"
#include "hotspot/export/style.hpp"

using namespace hotspot;
using mapping::Box;
using mapping::LabelRequest;

namespace {

/// 1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 times a power of ten (or 0).
bool is_round(double x) {
  if (x == 0) return true;
  x = std::abs(x);
  const double m = x / std::pow(10, std::floor(std::log10(x) + 1e-12));
  for (double f : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 10.0})
    if (std::abs(m - f) < 1e-9) return true;
  return false;
}

Table table_with(const std::vector<std::pair<std::string, std::vector<double>>>& cols) {
  Table t;
  for (const auto& [name, v] : cols) t.fields.push_back({name, FieldType::Real});
  const std::size_t n = cols.front().second.size();
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<Value> row;
    for (const auto& [name, v] : cols) row.emplace_back(v[i]);
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace

TEST_CASE("render.breaks: round, increasing, from 0 to the maximum", "[export][render]") {
  // The buurten's incidents per km2 of the shipped run: quantile breaks were 8.0, 31.2, 62.8 ...
  const std::vector<double> dens{
      0,     0,     2.3,   4.2,   4.3,   4.8,   5.1,   5.4,   6.2,   6.7,   6.8,    8.0,    8.8,
      11.2,  19.2,  19.3,  22.6,  24.6,  25.2,  30.2,  30.4,  30.8,  31.2,  31.4,   33.7,   36.9,
      39.4,  42.2,  44.2,  45.0,  47.9,  48.0,  55.5,  58.9,  60.6,  62.4,  62.8,   76.7,   79.7,
      80.4,  82.6,  83.9,  85.7,  88.0,  94.3,  96.9,  105.6, 107.9, 108.9, 112.7,  115.5,  120.7,
      124.6, 135.0, 180.7, 192.6, 194.4, 217.3, 315.7, 352.0, 454.4, 777.4, 1321.4, 1684.3, 1898.8};
  const auto br = mapping::round_breaks(dens, 5);
  REQUIRE(br.size() >= 4);
  CHECK(br.front() == 0);
  CHECK(br.back() == Approx(1898.8));
  for (std::size_t k = 1; k < br.size(); ++k) CHECK(br[k] > br[k - 1]);
  for (std::size_t k = 0; k + 1 < br.size(); ++k) CHECK(is_round(br[k]));
  CHECK(br[1] == 10);  // the 20 % quantile is 8.0
  // Equal values, one value, negatives, nothing.
  CHECK(mapping::round_breaks({7, 7, 7}, 5) == std::vector<double>{0, 7});
  CHECK(mapping::round_breaks({0, 0}, 5) == std::vector<double>{0, 1});
  const auto neg = mapping::round_breaks({-3.2, -1, 0.5, 2, 2.6}, 4);
  CHECK(neg.front() == -4);  // round, and not above the minimum
  CHECK(neg.back() == Approx(2.6));
  CHECK(mapping::round_breaks({}, 5).empty());
  CHECK(mapping::round_breaks({std::nan(""), INFINITY}, 5).empty());
}

TEST_CASE("render.style: a rate before a count, round labels in the reader's language",
          "[export][render]") {
  auto t = table_with({{"n_incidents", {0, 10, 20, 40, 80, 500}},
                       {"density_km2", {0, 12, 25, 60, 120, 1500}},
                       {"rate_per_1000", {0, 3, 9, 14, 30, 260}}});
  CHECK(mapping::style_for(t, "wijken").field == "rate_per_1000");
  auto u = table_with(
      {{"n_incidents", {0, 10, 20, 40, 80, 500}}, {"density_km2", {0, 12, 25, 60, 120, 1500}}});
  const auto nl = mapping::style_for(u, "buurten", "nl");
  CHECK(nl.field == "density_km2");
  CHECK(nl.classes.back().label.find(" en meer") != std::string::npos);
  const auto en = mapping::style_for(u, "buurten", "en");
  CHECK(en.classes.back().label.find(" or more") != std::string::npos);
  // Thousands as each language writes them.
  auto big = table_with({{"density_km2", {0, 1000, 2000, 3000, 4000, 25000}}});
  const auto bnl = mapping::style_for(big, "b", "nl"), ben = mapping::style_for(big, "b", "en");
  bool dot = false, comma = false;
  for (const auto& c : bnl.classes) dot |= c.label.find("1.000") != std::string::npos;
  for (const auto& c : ben.classes) comma |= c.label.find("1,000") != std::string::npos;
  CHECK(dot);
  CHECK(comma);
  // A scored layer of named places is styled by its score (it was drawn as plain places).
  Table sc;
  sc.fields = {
      {"name", FieldType::String}, {"kind", FieldType::String}, {"score", FieldType::Real}};
  sc.rows = {{Value(std::string("Brink")), Value(std::string("plein")), Value(3.5)},
             {Value(std::string("Worp")), Value(std::string("park")), Value(42.0)}};
  const auto s = mapping::style_for(sc, "locaties_score");
  CHECK(s.kind == mapping::StyleKind::Graduated);
  CHECK(s.field == "score");
  CHECK(s.label_field == "name");
  CHECK(mapping::human_title(s.kind, s.geom, "locaties_score", s.field, "nl") ==
        "Risicoscore per locatie");
  // Gi* classes in Dutch by default.
  Table gi;
  gi.fields = {{"gi_class", FieldType::Integer}};
  CHECK(mapping::style_for(gi, "gi").classes.back().label == "Hotspot (99% betrouwbaar)");
  CHECK(mapping::style_for(gi, "gi", "en").classes.back().label == "Hot spot - 99% confidence");
}

TEST_CASE("render.labels: no label overlaps another, an obstacle or the frame's edge",
          "[export][render]") {
  const Box frame{0, 0, 400, 300};
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> ux(0, 400), uy(0, 300), uw(30, 90);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<LabelRequest> req;
    const int n = 10 + trial * 6;  // from sparse to far too many
    for (int i = 0; i < n; ++i) req.push_back({ux(rng), uy(rng), uw(rng), 11, 4});
    const std::vector<Box> obstacles{{0, 260, 120, 300}, {360, 0, 400, 50}};  // scale bar, arrow
    const auto pl = mapping::place_labels(req, frame, obstacles);
    REQUIRE(pl.size() == req.size());
    std::size_t placed = 0;
    for (std::size_t a = 0; a < pl.size(); ++a) {
      if (!pl[a].placed) continue;
      ++placed;
      CHECK(pl[a].box.inside(frame));
      CHECK(pl[a].box.x1 - pl[a].box.x0 == Approx(req[a].w));
      for (const auto& o : obstacles) CHECK_FALSE(pl[a].box.overlaps(o));
      for (std::size_t b = a + 1; b < pl.size(); ++b)
        if (pl[b].placed) CHECK_FALSE(pl[a].box.overlaps(pl[b].box));
      // Beside its anchor, or moved with a leader line; never farther than the last ring.
      const double cx = std::clamp(req[a].x, pl[a].box.x0, pl[a].box.x1),
                   cy = std::clamp(req[a].y, pl[a].box.y0, pl[a].box.y1);
      const double dist = std::hypot(cx - req[a].x, cy - req[a].y);
      CHECK(dist <= 1.25 * (6.0 * req[a].gap + req[a].h));
      if (!pl[a].leader) CHECK(dist <= req[a].gap * 1.5 + 1e-9);
    }
    if (n <= 12) CHECK(placed >= static_cast<std::size_t>(n) - 2);  // sparse: nearly all
    if (n >= 100) CHECK(placed < static_cast<std::size_t>(n));      // crowded: some dropped
  }
  // A lone label goes to the upper right of its anchor, without a leader line.
  const auto one = mapping::place_labels({{100, 100, 50, 10, 4}}, frame, {});
  REQUIRE(one[0].placed);
  CHECK_FALSE(one[0].leader);
  CHECK(one[0].box.x0 > 100);
  CHECK(one[0].box.y1 < 100);
  // Near the right edge it goes to the left instead.
  const auto edge = mapping::place_labels({{395, 100, 50, 10, 4}}, frame, {});
  REQUIRE(edge[0].placed);
  CHECK(edge[0].box.x1 < 395);
}
