#include <catch2/catch.hpp>

#include "hotspot/core/error.hpp"
#include "hotspot/export/export.hpp"
#include "hotspot/export/style.hpp"

using namespace hotspot;

namespace {
Table area_table(std::vector<std::int64_t> counts) {
  Table t;
  t.fields = {{"buurtnaam", FieldType::String},
              {"n_incidents", FieldType::Integer},
              {"n_drugs", FieldType::Integer},
              {"density_km2", FieldType::Real}};
  for (auto c : counts) {
    t.rows.push_back(
        {Value(std::string("b")), Value(c), Value(c), Value(static_cast<double>(c) * 10)});
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt("POLYGON((0 0,1 0,1 1,0 1,0 0))", nullptr, &g);
    t.geometries.emplace_back(g);
  }
  return t;
}
}  // namespace

TEST_CASE("export.suppress: an area with 3 incidents shows no count", "[export]") {
  Table t = area_table({3, 0, 7, 5});
  const auto n = mapping::suppress_small_counts(t, 5);
  CHECK(n == 2);  // n_incidents and n_drugs of the first area
  CHECK(std::holds_alternative<std::monostate>(t.rows[0][1]));
  CHECK(std::holds_alternative<std::monostate>(t.rows[0][2]));
  CHECK(std::holds_alternative<std::monostate>(t.rows[0][3]));  // the density would give it away
  CHECK(std::get<std::int64_t>(t.rows[1][1]) == 0);             // zero is not identifying
  CHECK(std::get<std::int64_t>(t.rows[2][1]) == 7);
  CHECK(std::get<std::int64_t>(t.rows[3][1]) == 5);
  Table u = area_table({3});
  CHECK(mapping::suppress_small_counts(u, 0) == 0);
}

TEST_CASE("export.style: the style follows what the layer holds", "[export]") {
  Table gi;
  gi.fields = {{"gi_class", FieldType::Integer}};
  gi.rows = {{Value(std::int64_t(3))}};
  CHECK(mapping::style_for(gi, "gi").kind == mapping::StyleKind::GiClass);
  CHECK(mapping::style_for(gi, "gi").classes.size() == 7);
  Table lisa;
  lisa.fields = {{"lisa_cluster", FieldType::String}};
  CHECK(mapping::style_for(lisa, "l").classes.size() == 5);
  Table counts = area_table({1, 5, 9, 20, 40, 80});
  const auto s = mapping::style_for(counts, "buurten");
  CHECK(s.kind == mapping::StyleKind::Graduated);
  CHECK(s.field == "n_incidents");
  CHECK(mapping::qml(s).find("graduatedSymbol") != std::string::npos);
  const auto r = mapping::raster_style({0, 0, 1, 2, 3, 50, 100}, "density", "incidents/km2");
  CHECK(r.classes.front().color.a == 0);  // low values transparent
  CHECK(mapping::qml(r).find("singlebandpseudocolor") != std::string::npos);
}
