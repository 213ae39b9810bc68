// Results passed between stages in memory (issue 12): what a later stage takes from memory must
// be what it would have read from the file the earlier stage wrote.
#include <catch2/catch.hpp>

#include <cmath>

#include "hotspot/core/profile.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/step/results.hpp"
#include "hotspot/step/step.hpp"
#include "../../support.hpp"

using namespace hotspot;

namespace {

Table sample_table() {
  Table t;
  t.fields = {{"name", FieldType::String},
              {"n_incidents", FieldType::Integer},
              {"score", FieldType::Real},
              {"Name", FieldType::String}};  // folds onto "name": written as Name_2
  const double xs[] = {207400.25, 208013.5, 206999.75};
  const double ys[] = {473990.5, 474321.125, 472800.0};
  for (int i = 0; i < 3; ++i) {
    t.rows.push_back({Value(std::string("plek ") + std::to_string(i)), Value(std::int64_t(5 * i)),
                      i == 1 ? Value() : Value(0.37 * i), Value(std::string("x"))});
    t.geometries.emplace_back(std::make_unique<OGRPoint>(xs[i], ys[i]).release());
  }
  return t;
}

/// A pipeline's step environment with a result store, quiet.
struct InPipeline {
  RunContext ctx;
  const Profile profile;
  step::Results results;
  step::Env env{ctx, profile};
  InPipeline() {
    ctx.verbosity = Verbosity::Quiet;
    env.results = &results;
  }
};

}  // namespace

TEST_CASE("results: a layer taken from memory is the file's content, exactly placed",
          "[pipeline][results]") {
  test::TempDir d;
  InPipeline pl;
  RunContext& ctx = pl.ctx;
  const Profile& profile = pl.profile;
  step::Results& results = pl.results;
  step::Env& env = pl.env;
  const Table t = sample_table();
  step::write_table(env, t, d / "plekken.geojson", {"", {}, "published by hotspot (test)"});
  step::write_table(env, t, d / "plekken.csv", {});  // no geometry: nothing kept
  REQUIRE(results.size() == 1);
  REQUIRE(results.layer(d / "plekken.csv") == nullptr);
  // The same file named another way is the same entry.
  const auto w = results.layer(d.path / "." / "plekken.geojson");
  REQUIRE(w);
  CHECK(w->description == "published by hotspot (test)");

  // Read back as a later stage would without the store.
  RejectsSink rejects;
  io::LocationStats st;
  io::LocationSourceConfig cfg;
  cfg.path = (d / "plekken.geojson").string();
  const Table file = io::read_locations(cfg, rejects, st, ctx);
  REQUIRE(file.size() == w->table.size());
  REQUIRE(file.fields.size() == w->table.fields.size());
  for (std::size_t j = 0; j < file.fields.size(); ++j)
    CHECK(file.fields[j].name == w->table.fields[j].name);
  CHECK(w->table.fields[3].name == "Name_2");
  for (std::size_t i = 0; i < file.size(); ++i) {
    for (std::size_t j = 0; j < file.fields.size(); ++j)
      CHECK(value_text(file.rows[i][j]) == value_text(w->table.rows[i][j]));
    // The file went through lon/lat with 7 decimals (about a centimetre); memory is exact.
    const OGRPoint* pf = file.geometries[i]->toPoint();
    const OGRPoint* pm = w->table.geometries[i]->toPoint();
    CHECK(std::abs(pf->getX() - pm->getX()) < 0.02);
    CHECK(std::abs(pf->getY() - pm->getY()) < 0.02);
    CHECK(pm->getX() == t.geometries[i]->toPoint()->getX());
    CHECK(pm->getY() == t.geometries[i]->toPoint()->getY());
  }

  // step::read_locations takes the stored layer; a file of another run is read from disk.
  RejectsSink r2;
  io::LocationStats st2;
  const Table mem = step::read_locations(cfg, r2, st2, env);
  CHECK(st2.read == 3);
  REQUIRE(mem.size() == 3);
  CHECK(mem.geometries[0]->toPoint()->getX() == 207400.25);
  step::Env plain{ctx, profile};
  const Table disk = step::read_locations(cfg, r2, st2, plain);
  CHECK(disk.geometries[0]->toPoint()->getX() != 207400.25);  // the lon/lat round trip
  CHECK(std::abs(disk.geometries[0]->toPoint()->getX() - 207400.25) < 0.02);
}

TEST_CASE("results: a raster taken from memory holds the GeoTIFF's values bit for bit",
          "[pipeline][results]") {
  test::TempDir d;
  InPipeline pl;
  step::Results& results = pl.results;
  step::Env& env = pl.env;
  const Grid g = Grid::from_extent(200000, 470000, 200250, 470100, 25);
  std::vector<double> v(static_cast<std::size_t>(g.size()));
  std::vector<std::uint8_t> mask(v.size(), 1);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0.1 * static_cast<double>(i) + 1e-9;
  v[3] = std::nan("");
  v[4] = -9999.0;  // the nodata value itself reads back as nodata
  mask[5] = 0;
  io::RasterWrite rw;
  rw.metadata = {{"HOTSPOT_UNITS", "incidents/km2"}, {"HOTSPOT_PUBLICATION", "published"}};
  step::write_raster(env, g, v, &mask, d / "s.tif", rw);
  Grid fg;
  std::map<std::string, std::string> fmd;
  const auto fv = io::read_geotiff(d / "s.tif", fg, &fmd);
  Grid mg;
  std::map<std::string, std::string> mmd;
  const auto mv = step::read_raster(d / "s.tif", mg, env, &mmd);
  REQUIRE(results.taken() == 1);
  CHECK(mg.xmin == fg.xmin);
  CHECK(mg.ymin == fg.ymin);
  CHECK(mg.ncols == fg.ncols);
  CHECK(mg.nrows == fg.nrows);
  CHECK(mg.cell_m == fg.cell_m);
  REQUIRE(mv.size() == fv.size());
  std::size_t nan = 0;
  for (std::size_t i = 0; i < fv.size(); ++i) {
    if (std::isnan(fv[i])) {
      ++nan;
      CHECK(std::isnan(mv[i]));
    } else {
      CHECK(mv[i] == fv[i]);  // Float32 as stored, not the double that was computed
    }
  }
  CHECK(nan == 3);
  CHECK(mv[1] != v[1]);
  for (const auto& [k, val] : fmd) CHECK(mmd[k] == val);
}
