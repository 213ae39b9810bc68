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
  CHECK(s.field == "density_km2");  // the rate, not the raw count
  CHECK(mapping::qml(s).find("graduatedSymbol") != std::string::npos);
  const auto r = mapping::raster_style({0, 0, 1, 2, 3, 50, 100}, "density", "incidents/km2");
  CHECK(r.classes.front().color.a == 0);  // low values transparent
  CHECK(mapping::qml(r).find("singlebandpseudocolor") != std::string::npos);
}
