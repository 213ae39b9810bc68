// Point in polygon against GeoPandas sjoin (GEOS predicates) in tests/reference/data
// (copied from ../shared/reference; its README states the conventions).
//
// GeoPandas counts a point on a shared edge in both polygons (intersects); hotspot's
// documented boundary rule counts it once, in the first area in layer order. So:
//   * interior (within) sets must equal the peer's exactly;
//   * boundary sets (intersects minus within) must equal the peer's exactly;
//   * counts must equal within + the boundary points each polygon wins under the rule.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "../support.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "hotspot/join/join.hpp"
#include "hotspot/join/point_in_polygon.hpp"

using namespace hotspot;

namespace {

AreaLayer polygons_from_csv(const std::string& file) {
  AreaLayer a;
  a.source = file;
  a.table.fields = {{"id", FieldType::Integer}, {"name", FieldType::String}};
  for (const auto& row : test::read_csv(test::data_dir() / file)) {
    OGRGeometry* g = nullptr;
    REQUIRE(OGRGeometryFactory::createFromWkt(row.at("wkt").c_str(), nullptr, &g) == OGRERR_NONE);
    a.table.rows.push_back({Value(std::int64_t(std::stoll(row.at("id")))), Value(row.at("name"))});
    a.area_m2.push_back(0.0);
    a.table.geometries.emplace_back(g);
  }
  return a;
}

std::set<int> id_set(const std::string& s) {
  std::set<int> out;
  std::stringstream ss(s);
  std::string tok;
  while (std::getline(ss, tok, ';'))
    if (!tok.empty()) out.insert(std::stoi(tok));
  return out;
}

std::int64_t area_id(const AreaLayer& a, std::int32_t idx) {
  return std::get<std::int64_t>(a.table.rows[static_cast<std::size_t>(idx)][0]);
}

void check_probes(const std::string& polygons, const std::string& probes_file) {
  const AreaLayer a = polygons_from_csv(polygons);
  join::PolygonIndex index(a);
  // Reference per probe: intersects and within sets.
  std::map<int, std::set<int>> inter, within;
  std::map<int, std::pair<double, double>> xy;
  std::map<int, std::string> note;
  for (const auto& r : test::read_csv(test::data_dir() / probes_file)) {
    const int id = std::stoi(r.at("probe_id"));
    xy[id] = {std::stod(r.at("x")), std::stod(r.at("y"))};
    note[id] = r.at("note");
    if (r.at("predicate") == "intersects") inter[id] = id_set(r.at("polygon_ids"));
    if (r.at("predicate") == "within") within[id] = id_set(r.at("polygon_ids"));
  }
  REQUIRE(xy.size() >= 40);
  std::size_t differ = 0;
  std::vector<join::Hit> hits;
  std::vector<std::int32_t> assigned;
  for (const auto& [id, p] : xy) {
    INFO(probes_file << " probe " << id << " (" << note[id] << ")");
    index.locate(p.first, p.second, hits);
    std::set<int> got_interior, got_boundary, got_assigned;
    for (const auto& h : hits)
      (h.where == join::Location::Interior ? got_interior : got_boundary)
          .insert(static_cast<int>(area_id(a, h.area)));
    std::set<int> ref_boundary;
    for (int i : inter[id])
      if (!within[id].count(i)) ref_boundary.insert(i);
    CHECK(got_interior == within[id]);
    CHECK(got_boundary == ref_boundary);
    // The rule: all interior areas, plus the first boundary area in layer order.
    std::set<int> expected = within[id];
    if (!ref_boundary.empty()) expected.insert(*ref_boundary.begin());  // ids ascend in layer order
    index.assign(p.first, p.second, assigned);
    for (auto i : assigned) got_assigned.insert(static_cast<int>(area_id(a, i)));
    CHECK(got_assigned == expected);
    if (expected != inter[id]) ++differ;
  }
  // The rule matters on these probes (shared edges and corners): assert that it was exercised.
  CHECK(differ > 0);
}

}  // namespace

TEST_CASE("join.pip: 500 points per polygon equal GeoPandas sjoin (test polygons)",
          "[reference][join]") {
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  RejectsSink rejects;
  IncidentTable inc;
  io::IncidentSourceConfig cfg;
  cfg.path = (test::data_dir() / "points_small.csv").string();
  io::read_incidents(cfg, inc, rejects, ctx);
  REQUIRE(inc.size() == 500);
  for (const char* set : {"polygons_test.csv", "polygons_voronoi100.csv"}) {
    const AreaLayer a = polygons_from_csv(set);
    const std::string counts =
        std::string("small_pip_counts_") +
        (std::string(set) == "polygons_test.csv" ? "polygons_test.csv" : "voronoi100.csv");
    for (unsigned threads : {1u, 2u, 3u}) {
      ctx.threads = threads;
      const auto r = join::join_points(inc, a, {}, ctx);
      std::size_t i = 0;
      for (const auto& row : test::read_csv(test::data_dir() / counts)) {
        INFO(set << " polygon " << row.at("id") << " threads " << threads);
        REQUIRE(area_id(a, static_cast<std::int32_t>(i)) == std::stoll(row.at("id")));
        // None of the 500 points is on a boundary: intersects == within == ours.
        CHECK(r.total[i] == std::stoll(row.at("n_within")));
        CHECK(r.total[i] == std::stoll(row.at("n_intersects")));
        ++i;
      }
      CHECK(i == a.size());
    }
  }
}

TEST_CASE("join.pip: boundary, vertex and hole probes (test polygons)", "[reference][join]") {
  check_probes("polygons_test.csv", "pip_probes_polygons_test.csv");
}

TEST_CASE("join.pip: boundary probes on 100 Voronoi cells tiling the study area",
          "[reference][join]") {
  check_probes("polygons_voronoi100.csv", "pip_probes_voronoi100.csv");
}

TEST_CASE("join.pip: probe counts per polygon = within + boundary points won under the rule",
          "[reference][join]") {
  const AreaLayer a = polygons_from_csv("polygons_test.csv");
  IncidentTable inc;
  for (const auto& r : test::read_csv(test::data_dir() / "pip_probe_points.csv"))
    inc.push(std::stod(r.at("x")), std::stod(r.at("y")), kNoTime, inc.categories.id_of("probe"), 1,
             std::stoll(r.at("id")));
  // Expected per polygon from the per-probe reference.
  std::map<int, std::set<int>> inter, within;
  for (const auto& r : test::read_csv(test::data_dir() / "pip_probes_polygons_test.csv")) {
    const int id = std::stoi(r.at("probe_id"));
    if (r.at("predicate") == "intersects") inter[id] = id_set(r.at("polygon_ids"));
    if (r.at("predicate") == "within") within[id] = id_set(r.at("polygon_ids"));
  }
  std::map<int, std::int64_t> expected;
  for (const auto& [id, iset] : inter) {
    for (int w : within[id]) ++expected[w];
    for (int i : iset)
      if (!within[id].count(i)) {
        ++expected[i];
        break;
      }  // first boundary polygon only
  }
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  const auto r = join::join_points(inc, a, {}, ctx);
  std::int64_t sum_ref_intersects = 0, sum_ours = 0;
  for (const auto& row : test::read_csv(test::data_dir() / "pip_counts_probes_polygons_test.csv")) {
    const int id = std::stoi(row.at("id"));
    std::size_t idx = 0;
    while (area_id(a, static_cast<std::int32_t>(idx)) != id) ++idx;
    INFO("polygon " << id);
    CHECK(r.total[idx] == expected[id]);
    CHECK(r.total[idx] >= std::stoll(row.at("n_within")));
    CHECK(r.total[idx] <= std::stoll(row.at("n_intersects")));
    sum_ref_intersects += std::stoll(row.at("n_intersects"));
    sum_ours += r.total[idx];
  }
  CHECK(sum_ours < sum_ref_intersects);  // shared-boundary probes counted once, not twice
}
