// The publication policy's parts (publish/): count tables and surfaces, checked against the
// attack suite's independent LP attacker.
#include <catch2/catch.hpp>

#include <random>

#include "../../attack/lp_attack.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/publish/counts.hpp"
#include "hotspot/publish/surface.hpp"

using namespace hotspot;

namespace {

const std::int64_t* iv(const Value& v) {
  return std::get_if<std::int64_t>(&v);
}

/// Buurten (with a wijkcode) x categories and years, and their wijken.
struct Tables {
  Table buurten, wijken;
};

Tables random_tables(std::uint32_t seed, int n_buurten, int n_wijken) {
  std::mt19937 rng(seed);
  const std::vector<std::string> cats{"n_drugs", "n_overlast", "n_inbraak"},
      years{"n_2021", "n_2022"};
  Tables t;
  for (Table* x : {&t.buurten, &t.wijken}) {
    x->fields = {{"buurtcode", FieldType::String},
                 {"wijkcode", FieldType::String},
                 {"n_incidents", FieldType::Integer}};
    for (const auto& c : cats) x->fields.push_back({c, FieldType::Integer});
    for (const auto& y : years) x->fields.push_back({y, FieldType::Integer});
    x->fields.push_back({"density_km2", FieldType::Real});
  }
  t.wijken.fields.erase(t.wijken.fields.begin());  // wijken: wijkcode only
  std::vector<std::vector<std::int64_t>> wsum(static_cast<std::size_t>(n_wijken),
                                              std::vector<std::int64_t>(6, 0));
  std::geometric_distribution<int> small(0.35);
  for (int b = 0; b < n_buurten; ++b) {
    const int w = b % n_wijken;
    // incidents by (category, year)
    std::int64_t cy[3][2];
    for (auto& r : cy)
      for (auto& v : r) v = rng() % 3 == 0 ? small(rng) : small(rng) + (rng() % 2 ? 0 : 6);
    std::vector<std::int64_t> v(6, 0);
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 2; ++y) v[0] += cy[c][y], v[1 + c] += cy[c][y], v[4 + y] += cy[c][y];
    std::vector<Value> row{Value("BU" + std::to_string(b)), Value("WK" + std::to_string(w))};
    for (auto x : v) row.emplace_back(x);
    row.emplace_back(static_cast<double>(v[0]) * 10);
    t.buurten.rows.push_back(row);
    for (int k = 0; k < 6; ++k)
      wsum[static_cast<std::size_t>(w)][static_cast<std::size_t>(k)] +=
          v[static_cast<std::size_t>(k)];
  }
  for (int w = 0; w < n_wijken; ++w) {
    std::vector<Value> row{Value("WK" + std::to_string(w))};
    for (auto x : wsum[static_cast<std::size_t>(w)]) row.emplace_back(x);
    row.emplace_back(static_cast<double>(wsum[static_cast<std::size_t>(w)][0]) * 10);
    t.wijken.rows.push_back(row);
  }
  return t;
}

/// The attacker on published buurten and wijken: rows, wijk = sum of buurten, the column
/// totals (taken as known when at least k). Returns the fewest values an originally small count
/// (1..k-1) can still take.
double fewest_values(const Table& raw_b, const Table& pb, const Table& raw_w, const Table& pw,
                     int k, bool rounded = true) {
  attack::Lp lp;
  std::map<std::pair<int, std::pair<std::size_t, std::size_t>>, int> var;
  auto term = [&](int t, const Table& p, std::size_t r, std::size_t c, double a,
                  std::vector<std::pair<int, double>>& terms, double& rhs) {
    const Value& v = p.rows[r][c];
    const auto* x = iv(v);
    if (x && (*x < 5 || !rounded)) {  // 0 and counts below 5 (none here) are exact
      rhs -= a * static_cast<double>(*x);
      return;
    }
    auto key = std::make_pair(t, std::make_pair(r, c));
    if (!var.count(key)) {
      if (!x)
        var[key] = lp.var(1, 1e6);  // withheld
      else                          // rounded to a multiple of 5
        var[key] = *x == 5 ? lp.var(5, 7)
                           : lp.var(static_cast<double>(*x - 2), static_cast<double>(*x + 2));
    }
    terms.emplace_back(var[key], a);
  };
  const std::vector<std::size_t> cats{3, 4, 5}, years{6, 7};
  for (int t = 0; t < 2; ++t) {
    const Table& p = t == 0 ? pb : pw;
    const std::size_t off = t == 0 ? 0 : 1;  // wijken lack the buurtcode column
    for (std::size_t r = 0; r < p.rows.size(); ++r)
      for (const auto* g : {&cats, &years}) {
        std::vector<std::pair<int, double>> terms;
        double rhs = 0;
        term(t, p, r, 2 - off, -1, terms, rhs);
        for (std::size_t c : *g) term(t, p, r, c - off, 1, terms, rhs);
        lp.equal(terms, rhs);
      }
  }
  for (std::size_t w = 0; w < pw.rows.size(); ++w)
    for (std::size_t c = 2; c <= 7; ++c) {
      std::vector<std::pair<int, double>> terms;
      double rhs = 0;
      term(1, pw, w, c - 1, -1, terms, rhs);
      for (std::size_t b = 0; b < pb.rows.size(); ++b)
        if (std::get<std::string>(raw_b.rows[b][1]) == std::get<std::string>(raw_w.rows[w][0]))
          term(0, pb, b, c, 1, terms, rhs);
      lp.equal(terms, rhs);
    }
  for (std::size_t c = 2; c <= 2; ++c) {  // the municipality's total number of incidents
    std::int64_t total = 0;
    for (const auto& row : raw_b.rows) total += *iv(row[c]);
    if (total < k) continue;
    std::vector<std::pair<int, double>> terms;
    double rhs = static_cast<double>(total);
    for (std::size_t b = 0; b < pb.rows.size(); ++b) term(0, pb, b, c, 1, terms, rhs);
    lp.equal(terms, rhs);
  }
  double fewest = 1e9;
  for (const auto& [key, v] : var) {
    const Table& raw = key.first == 0 ? raw_b : raw_w;
    const std::int64_t x = *iv(raw.rows[key.second.first][key.second.second]);
    if (x >= 1 && x < k &&
        !iv((key.first == 0 ? pb : pw).rows[key.second.first][key.second.second]))
      fewest = std::min(fewest, lp.integer_values(v));
  }
  return fewest;
}

}  // namespace

TEST_CASE("publish.counts: a count below 5 is withheld, and so is what would give it back",
          "[publish]") {
  Table t;
  t.fields = {{"naam", FieldType::String},       {"n_incidents", FieldType::Integer},
              {"n_drugs", FieldType::Integer},   {"n_overlast", FieldType::Integer},
              {"n_buurten", FieldType::Integer}, {"density_km2", FieldType::Real}};
  t.rows = {{Value("a"), Value(std::int64_t(12)), Value(std::int64_t(3)), Value(std::int64_t(9)),
             Value(std::int64_t(2)), Value(120.0)},
            {Value("b"), Value(std::int64_t(7)), Value(std::int64_t(0)), Value(std::int64_t(7)),
             Value(std::int64_t(1)), Value(70.0)}};
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  publish::Policy p;
  Table u = t.clone();
  publish::protect_table(u, p, ctx);
  const int sup = u.field_index("suppressed");
  REQUIRE(sup >= 0);
  CHECK_FALSE(iv(u.rows[0][2]));  // 3 drugs: withheld
  // The others rounded to multiples of 5 (12 -> 10, 9 -> 10): 12 - 9 no longer gives the 3.
  CHECK(*iv(u.rows[0][1]) == 10);
  CHECK(*iv(u.rows[0][3]) == 10);
  CHECK(std::get<double>(u.rows[0][5]) == Approx(100.0));  // density from the published count
  CHECK(std::get<std::string>(u.rows[0][static_cast<std::size_t>(sup)]).find("n_drugs") !=
        std::string::npos);
  CHECK(*iv(u.rows[1][2]) == 0);  // 0 is published, and never withheld as a complement
  CHECK(*iv(u.rows[1][1]) == 5);  // 7 -> 5
  CHECK(publish::rounded_count(8) == 10);
  CHECK(publish::rounded_count(4) == 4);
  CHECK(publish::published_interval(5) == std::pair<std::int64_t, std::int64_t>{5, 7});
  CHECK(*iv(u.rows[0][4]) == 2);  // n_buurten is an area attribute, not a count
  CHECK(std::holds_alternative<std::monostate>(u.rows[1][static_cast<std::size_t>(sup)]));
  // Published again (export of a published file): unchanged.
  Table again = u.clone();
  publish::protect_table(again, p, ctx);
  CHECK(again.fields.size() == u.fields.size());
  CHECK(again.rows == u.rows);
  // Internal: exact values, no column added.
  Table in = t.clone();
  publish::Policy ip;
  ip.internal = true;
  publish::protect_table(in, ip, ctx);
  CHECK(in.rows == t.rows);
  // A threshold that publishes small counts is refused without --internal.
  publish::Policy off;
  off.suppress_below = 1;
  CHECK_THROWS_AS(publish::validate(off), Error);
}

TEST_CASE("publish.counts: a row relation is used only where the exact values satisfy it",
          "[publish]") {
  Table t;
  t.fields = {{"n_incidents", FieldType::Integer}, {"n_a", FieldType::Integer}};
  t.fields = {{"n_incidents", FieldType::Integer},
              {"n_drugs", FieldType::Integer},
              {"n_overlast", FieldType::Integer}};
  t.rows = {{Value(std::int64_t(20)), Value(std::int64_t(3)), Value(std::int64_t(9))}};
  const auto L = publish::layout_of(t);
  CHECK(L.counts.size() == 3);
  CHECK(L.groups.empty());  // 3 + 9 != 20: an "other" category is missing
}

TEST_CASE("publish.counts: buurten and wijken published together resist the LP attacker",
          "[publish]") {
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  publish::Policy p;
  int withheld_tables = 0;
  for (std::uint32_t seed = 1; seed <= 25; ++seed) {
    const Tables t = random_tables(seed, 12, 3);
    publish::Registry reg;
    Table pb, pw;
    reg.publish(
        "buurten", t.buurten, p, [&](const Table& x) { pb = x.clone(); }, ctx);
    reg.publish(
        "wijken", t.wijken, p, [&](const Table& x) { pw = x.clone(); }, ctx);
    INFO("seed " << seed);
    const double fewest = fewest_values(t.buurten, pb, t.wijken, pw, p.suppress_below);
    if (fewest < 1e9) ++withheld_tables;
    CHECK(fewest >= 2);  // never pinned to one value
    // Protected alone, the buurten would fall to the wijk differences.
  }
  CHECK(withheld_tables > 20);
  // The same attacker on primary suppression only pins values down (it is a real attack).
  const Tables t = random_tables(7, 12, 3);
  auto naive = [](const Table& raw) {
    Table x = raw.clone();
    for (auto& row : x.rows)
      for (auto& v : row)
        if (const auto* n = std::get_if<std::int64_t>(&v); n && *n >= 1 && *n < 5) v = {};
    return x;
  };
  CHECK(fewest_values(t.buurten, naive(t.buurten), t.wijken, naive(t.wijken), 5, false) < 2);
}

TEST_CASE("publish.surface: a single incident leaves no trace, five at one place do",
          "[publish][density]") {
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  density::KdeConfig kc;
  kc.bandwidth_m = 200;
  const Grid g = Grid::from_extent(0, 0, 2000, 2000, 25);
  std::vector<double> x{1000}, y{1000};
  publish::SurfaceReport rep;
  auto d = publish::published_density({x.data(), y.data(), nullptr, 1}, g, kc, 5, rep, ctx).density;
  CHECK(*std::max_element(d.begin(), d.end()) == 0);
  CHECK(rep.isolated == 1);
  // Five incidents at one address: a place with five incidents is an aggregate.
  x.assign(5, 1000);
  y.assign(5, 1000);
  publish::SurfaceReport rep5;
  d = publish::published_density({x.data(), y.data(), nullptr, 5}, g, kc, 5, rep5, ctx).density;
  CHECK(*std::max_element(d.begin(), d.end()) > 0);
  // One incident beside a group of four, 150 m apart: its kernel widens to reach the others,
  // so the peak is not on it.
  x = {1000, 1150, 1150, 1150, 1150};
  y = {1000, 1000, 1000, 1000, 1000};
  publish::SurfaceReport rep6;
  d = publish::published_density({x.data(), y.data(), nullptr, 5}, g, kc, 5, rep6, ctx).density;
  const auto peak = static_cast<std::int64_t>(std::max_element(d.begin(), d.end()) - d.begin());
  CHECK(std::hypot(g.cx(peak % g.ncols) - 1000, g.cy(peak / g.ncols) - 1000) > 50);
  CHECK(publish::min_publication_bandwidth_m(25) == 100);
  CHECK(publish::min_publication_bandwidth_m(100) == 300);
}
