#include <catch2/catch.hpp>

#include "hotspot/join/join.hpp"
#include "hotspot/join/point_in_polygon.hpp"

using namespace hotspot;

namespace {
AreaLayer squares() {
  // A = [0,10]x[0,10], B = [10,20]x[0,10] share the edge x = 10; C = [5,15]x[0,10] overlaps both.
  AreaLayer a;
  a.table.fields = {{"name", FieldType::String}};
  for (const char* wkt :
       {"POLYGON((0 0,10 0,10 10,0 10,0 0))", "POLYGON((10 0,20 0,20 10,10 10,10 0))",
        "POLYGON((5 0,15 0,15 10,5 10,5 0))"}) {
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(wkt, nullptr, &g);
    a.table.rows.push_back({Value(std::string(wkt))});
    a.table.geometries.emplace_back(g);
    a.area_m2.push_back(100);
  }
  return a;
}
std::vector<std::int32_t> assign(join::PolygonIndex& idx, double x, double y) {
  std::vector<std::int32_t> out;
  idx.assign(x, y, out);
  return out;
}
}  // namespace

TEST_CASE("join.rule: interior points count in every overlapping area", "[join][rule]") {
  AreaLayer a = squares();
  join::PolygonIndex idx(a);
  CHECK(assign(idx, 7, 5) == std::vector<std::int32_t>{0, 2});
  CHECK(assign(idx, 12, 5) == std::vector<std::int32_t>{1, 2});
  CHECK(assign(idx, 2, 5) == std::vector<std::int32_t>{0});
  CHECK(assign(idx, 30, 5).empty());
}

TEST_CASE("join.rule: a point on a shared edge counts once, in the first area", "[join][rule]") {
  AreaLayer a = squares();
  join::PolygonIndex idx(a);
  // On the A|B edge and inside C: C (interior) + A (first of the boundary areas).
  CHECK(assign(idx, 10, 5) == std::vector<std::int32_t>{0, 2});
  // On the outer edge of B only: still counts, in B.
  CHECK(assign(idx, 20, 5) == std::vector<std::int32_t>{1});
  // On the corner shared by A, B and the edge of C: counted once (A).
  CHECK(assign(idx, 10, 0) == std::vector<std::int32_t>{0});
}

TEST_CASE("join.rule: apply_boundary_rule on hit lists", "[join][rule]") {
  using join::Hit;
  using join::Location;
  std::vector<std::int32_t> out;
  join::apply_boundary_rule({{1, Location::Boundary}, {3, Location::Boundary}}, out);
  CHECK(out == std::vector<std::int32_t>{1});
  join::apply_boundary_rule({{0, Location::Interior},
                             {1, Location::Boundary},
                             {2, Location::Interior},
                             {4, Location::Boundary}},
                            out);
  CHECK(out == std::vector<std::int32_t>{0, 1, 2});
  join::apply_boundary_rule({}, out);
  CHECK(out.empty());
}

TEST_CASE("join.count: per category and per year, reconciled, any thread count", "[join]") {
  AreaLayer a = squares();
  IncidentTable inc;
  const int d = inc.categories.id_of("drugs"), j = inc.categories.id_of("jeugdoverlast");
  for (int i = 0; i < 50000; ++i) {
    const double x = (i % 300) / 10.0, y = 5;  // 0 .. 29.9
    inc.push(x, y, *parse_iso8601(i % 2 ? "2021-05-01T10:00:00" : "2022-05-01T10:00:00"),
             i % 3 ? d : j, 1, i + 2);
  }
  inc.has_time = true;
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  join::JoinConfig cfg;
  cfg.by = join::Period::Year;
  ctx.threads = 1;
  const auto r1 = join::join_points(inc, a, cfg, ctx);
  ctx.threads = 4;
  const auto r4 = join::join_points(inc, a, cfg, ctx);
  CHECK(r1.total == r4.total);
  CHECK(r1.by_period == r4.by_period);
  CHECK(r1.periods == std::vector<std::string>{"2021", "2022"});
  CHECK(r1.joined + r1.outside == inc.size());
  // x in [0, 20] is in some area (x = 20.0 on B's outer edge counts), beyond is outside.
  std::uint64_t expect_outside = 0;
  for (std::size_t i = 0; i < inc.size(); ++i) expect_outside += inc.x[i] > 20;
  CHECK(r1.outside == expect_outside);
  const Table t = join::counts_table(a, inc, r1, cfg, ctx);
  CHECK(t.field_index("n_drugs") >= 0);
  CHECK(t.field_index("n_jeugdoverlast") >= 0);
  CHECK(t.field_index("n_2021") >= 0);
  CHECK(t.field_index("rate_per_1000") < 0);  // no population column
}
