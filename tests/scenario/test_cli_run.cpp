// The pipeline end to end (issue 8): the shipped file, determinism, a killed run, bad files.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "../support.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace {
std::string q(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}
const std::filesystem::path kToml = test::geodata() / "deventer.toml";

std::map<std::string, std::string> output_hashes(const std::filesystem::path& out) {
  const auto m = nlohmann::json::parse(test::slurp(out / "manifest.json"));
  std::map<std::string, std::string> h;
  for (const auto& o : m["outputs"])
    h[o["file"].get<std::string>()] = o["sha256"].get<std::string>();
  return h;
}
}  // namespace

TEST_CASE("cli.run: the shipped pipeline makes every output and two runs are identical",
          "[cli][run]") {
  test::TempDir d;
  auto r = test::run_cli("run " + q(kToml) + " --out " + q(d / "a") + " -q");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* f : {"buurten.geojson",
                        "buurten.csv",
                        "wijken.geojson",
                        "locaties.geojson",
                        "overlast.tif",
                        "overlast_hotspots.geojson",
                        "ondermijning.tif",
                        "overlast_gistar.geojson",
                        "overlast_gistar.summary.json",
                        "overlast_lisa.geojson",
                        "locaties_score.geojson",
                        "flexteam/routes.geojson",
                        "flexteam/schedule.csv",
                        "flexteam/team_1.gpx",
                        "deventer.gpkg",
                        "deventer.qgs",
                        "deventer.png",
                        "manifest.json",
                        "kaarten/deventer_overview.png",
                        "kaarten/deventer_overview.pdf",
                        "kaarten/deventer_overlast.png",
                        "kaarten/deventer_ondermijning.pdf",
                        "kaarten/deventer_hotspots_overlast_gistar.png",
                        "kaarten/deventer_clusters_overlast_lisa.png",
                        "kaarten/deventer_score.png",
                        "kaarten/deventer_routes.pdf",
                        "web/index.html"})
    CHECK(std::filesystem::exists(d / "a" / f));
  // The GeoPackage holds every layer.
  auto ds = hotspot::io::open_vector((d / "a" / "deventer.gpkg").string());
  std::set<std::string> names;
  for (auto* l : ds->GetLayers()) names.insert(l->GetName());
  for (const char* want : {"buurten", "wijken", "locaties", "overlast_hotspots", "overlast_gistar",
                           "overlast_lisa", "locaties_score", "routes", "stops", "layer_styles"})
    CHECK(names.count(want) == 1);
  const auto m = nlohmann::json::parse(test::slurp(d / "a" / "manifest.json"));
  CHECK(m["tool"]["version"].get<std::string>() == HOTSPOT_VERSION);
  CHECK(m["inputs"].size() >= 4);
  CHECK(m["stages"].size() == 15);
  CHECK(m["stages"][0]["incidents"].get<std::string>() ==
        "read 4601, joined 4601, outside 0, rejected 0");
  // Determinism: a second run gives byte-identical outputs.
  REQUIRE(test::run_cli("run " + q(kToml) + " --out " + q(d / "b") + " -q").exit_code == 0);
  CHECK(output_hashes(d / "a") == output_hashes(d / "b"));
  CHECK(test::slurp(d / "a" / "deventer.gpkg") == test::slurp(d / "b" / "deventer.gpkg"));
}

TEST_CASE("cli.run: a bad pipeline file names the key, the line and the fix", "[cli][run]") {
  test::TempDir d;
  const std::string inc = (test::geodata() / "deventer_incidents_synth.csv").string();
  const std::string head = "[run]\nout = \"out\"\n[inputs]\nincidents = \"" + inc + "\"\n";
  SECTION("unknown key, with the nearest valid one") {
    test::spit(d / "p.toml", head + "[[density]]\nname = \"x\"\nbandwith-m = 300\n");
    auto r = test::run_cli("run " + q(d / "p.toml"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("unknown key 'bandwith-m'") != std::string::npos);
    CHECK(r.err.find("line 7") != std::string::npos);
    CHECK(r.err.find("did you mean 'bandwidth-m'") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(d / "out"));  // nothing ran
  }
  SECTION("wrong type") {
    test::spit(d / "p.toml", head + "[[route]]\nname = \"r\"\nstops = \"" +
                                 (test::geodata() / "deventer_locaties.geojson").string() +
                                 "\"\nshift = \"19:00-23:00\"\nteams = \"two\"\n");
    auto r = test::run_cli("run " + q(d / "p.toml"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("line 9") != std::string::npos);
    CHECK(r.err.find("teams") != std::string::npos);
  }
  SECTION("missing input") {
    test::spit(d / "p.toml", head + "[[join]]\nname = \"b\"\nareas = \"nergens.geojson\"\n");
    auto r = test::run_cli("run " + q(d / "p.toml"));
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("nergens.geojson") != std::string::npos);
    CHECK(r.err.find("line 7") != std::string::npos);
  }
  SECTION("unknown table and bad TOML") {
    test::spit(d / "p.toml", head + "[[densty]]\nname = \"x\"\n");
    auto r = test::run_cli("run " + q(d / "p.toml"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("did you mean [density]") != std::string::npos);
    test::spit(d / "q.toml", "[run\n");
    CHECK(test::run_cli("run " + q(d / "q.toml")).exit_code == 4);
  }
}

TEST_CASE("cli.run: each input is read once, and the stages share it", "[cli][run]") {
  test::TempDir d;
  auto r = test::run_cli("run " + q(kToml) + " --out " + q(d / "o") + " -v");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto count = [&](const std::string& s) {
    std::size_t n = 0;
    for (std::size_t p = r.err.find(s); p != std::string::npos; p = r.err.find(s, p + 1)) ++n;
    return n;
  };
  // Ten stages read the incidents; the file is parsed once. The buurten (join and LISA) and
  // the municipal boundary (density and the Gi* grids) likewise.
  CHECK(count("read the incidents of") == 1);
  CHECK(count("deventer_buurten.geojson (69 polygons)") == 1);
  CHECK(count("deventer_gemeente.geojson (1 polygons)") == 1);
  CHECK(r.err.find("inputs read: 1 incident source(s)") != std::string::npos);
  // Results pass between stages in memory: score takes @overlast, route @locaties_score, and
  // the export, the three map stages, and the web map take every result layer without reading
  // back a file just written.
  CHECK(count("overlast.tif: taken from memory") == 1);
  CHECK(count("locaties_score.geojson: taken from memory") == 1);
  CHECK(r.err.find("results passed in memory: 13 layer(s) and raster(s) kept, taken 67 time(s)") !=
        std::string::npos);
  // No message names the staging folder the run writes into, but the one that says so.
  CHECK(count(".staging-") == 1);
  CHECK(count("writing into ") == 1);
  // Geometries did not go through lon/lat: the project's extent is the CBS boundaries' own,
  // whole metres in RD.
  const std::string qgs = test::slurp(d / "o" / "deventer.qgs");
  CHECK(qgs.find("<extent><xmin>203121</xmin><ymin>470546</ymin><xmax>223579</xmax><ymax>482329"
                 "</ymax></extent>") != std::string::npos);
}

TEST_CASE("cli.run: --internal writes exact values and marks the outputs as internal",
          "[cli][run]") {
  test::TempDir d;
  REQUIRE(test::run_cli("run " + q(kToml) + " --out " + q(d / "pub") + " -q").exit_code == 0);
  REQUIRE(
      test::run_cli("run " + q(kToml) + " --out " + q(d / "int") + " --internal -q").exit_code ==
      0);
  // Small counts: blanked in the published GeoPackage, exact in the internal one.
  auto small_counts = [](const std::filesystem::path& gpkg) {
    auto ds = hotspot::io::open_vector(gpkg.string());
    OGRLayer* l = ds->GetLayerByName("buurten");
    REQUIRE(l);
    int n = 0;
    l->ResetReading();
    for (hotspot::io::FeaturePtr f(l->GetNextFeature()); f; f.reset(l->GetNextFeature()))
      for (int j = 0; j < f->GetFieldCount(); ++j) {
        const std::string name = f->GetFieldDefnRef(j)->GetNameRef();
        if (name.rfind("n_", 0) == 0 && f->IsFieldSetAndNotNull(j) &&
            f->GetFieldAsInteger64(j) > 0 && f->GetFieldAsInteger64(j) < 5)
          ++n;
      }
    return n;
  };
  CHECK(small_counts(d / "pub" / "deventer.gpkg") == 0);
  CHECK(small_counts(d / "int" / "deventer.gpkg") > 100);
  const auto m = nlohmann::json::parse(test::slurp(d / "int" / "manifest.json"));
  CHECK(m["internal"].get<bool>());
  CHECK_FALSE(
      nlohmann::json::parse(test::slurp(d / "pub" / "manifest.json"))["internal"].get<bool>());
  CHECK(test::slurp(d / "int" / "deventer.qgs").find("INTERN - niet publiceren") !=
        std::string::npos);
  CHECK(test::slurp(d / "pub" / "deventer.qgs").find("INTERN") == std::string::npos);
  CHECK(test::slurp(d / "int" / "deventer.png") != test::slurp(d / "pub" / "deventer.png"));
}
