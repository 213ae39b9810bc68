// The CLI end to end, as scripts and analysts call it (issue 2's command-line contract).
#include <catch2/catch.hpp>

#include <regex>

#include "../support.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace {
std::string q(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}
const std::string kBuurten = (test::geodata() / "deventer_buurten.geojson").string();
}  // namespace

TEST_CASE("cli.join: malformed CSV gives a reconciled summary line and a rejects file",
          "[cli][join]") {
  test::TempDir d;
  auto r = test::run_cli("join --internal --areas " + q(kBuurten) + " --incidents " +
                         q(test::fixtures() / "malformed.csv") + " --out " + q(d / "counts.csv") +
                         " --out " + q(d / "counts.geojson") + " --out " + q(d / "counts.gpkg"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::smatch m;
  const std::regex line(R"(read (\d+), joined (\d+), outside (\d+), rejected (\d+)\n$)");
  REQUIRE(std::regex_search(r.err, m, line));
  CHECK(m[1] == "14");
  CHECK(m[4] == "9");
  CHECK(std::stoi(m[2]) + std::stoi(m[3]) == 5);
  // Default rejects file beside the output folder (never in it), one row per reject.
  const auto rej = test::read_csv(d.rejects("counts.rejects.csv"));
  CHECK(rej.size() == 9);
  CHECK(rej.front().at("line") == "3");
  // Per-area output: one row per buurt, n_incidents sums to joined.
  const auto rows = test::read_csv(d / "counts.csv");
  REQUIRE(rows.size() == 69);
  long sum = 0;
  for (const auto& row : rows) sum += std::stol(row.at("n_incidents"));
  CHECK(sum == std::stol(m[2]));
  CHECK(rows.front().count("n_jeugdoverlast") == 1);
  CHECK(rows.front().count("buurtnaam") == 1);
  CHECK(std::filesystem::exists(d / "counts.geojson"));
  CHECK(std::filesystem::exists(d / "counts.gpkg"));
}

TEST_CASE("cli.join: the shipped Deventer data per buurt, per year, as GeoJSON and GeoPackage",
          "[cli][join]") {
  test::TempDir d;
  auto r = test::run_cli("join --areas " + q(kBuurten) + " --incidents " +
                         q(test::geodata() / "deventer_incidents_synth.csv") + " --by year --out " +
                         q(d / "b.geojson") + " --out " + q(d / "b.gpkg"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("read 4601, joined 4601, outside 0, rejected 0") != std::string::npos);
  CHECK_FALSE(
      std::filesystem::exists(d.rejects("b.rejects.csv")));  // nothing rejected, nothing written
  const std::string js = test::slurp(d / "b.geojson");
  CHECK(js.find("\"n_2020\"") != std::string::npos);
  CHECK(js.find("\"crs\"") == std::string::npos);
  auto ds = hotspot::io::open_vector((d / "b.gpkg").string());
  CHECK(ds->GetLayer(0)->GetFeatureCount() == 69);
  CHECK(hotspot::io::srs_to_string(ds->GetLayer(0)->GetSpatialRef()) == "EPSG:28992");
}

TEST_CASE("cli.join: exit codes a script can act on", "[cli][join]") {
  test::TempDir d;
  const std::string inc = q(test::geodata() / "deventer_incidents_synth.csv");
  SECTION("missing incident file: 3, naming the file") {
    auto r = test::run_cli("join --areas " + q(kBuurten) + " --incidents " + q(d / "nope.csv") +
                           " --out " + q(d / "o.csv"));
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("nope.csv") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(d / "o.csv"));
  }
  SECTION("unknown CRS: 5") {
    auto r = test::run_cli("join --areas " + q(kBuurten) + " --incidents " + inc +
                           " --crs EPSG:4711999 --out " + q(d / "o.csv"));
    CHECK(r.exit_code == 5);
    CHECK(r.err.find("EPSG:4711999") != std::string::npos);
  }
  SECTION("output extension we cannot write: 2, before any work") {
    auto r = test::run_cli("join --areas " + q(kBuurten) + " --incidents " + inc + " --out " +
                           q(d / "o.xlsx"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(".geojson, .csv or .gpkg") != std::string::npos);
  }
  SECTION("every row rejected: 6, rejects still written") {
    auto r = test::run_cli("join --areas " + q(kBuurten) + " --incidents " +
                           q(test::fixtures() / "swapped_lonlat.csv") + " --out " + q(d / "o.csv"));
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("look swapped") != std::string::npos);
    CHECK(r.err.find("read 3, joined 0, outside 0, rejected 3") != std::string::npos);
    CHECK(std::filesystem::exists(d.rejects("o.rejects.csv")));
    CHECK_FALSE(std::filesystem::exists(d / "o.csv"));
  }
  SECTION("unknown option: 1; --help lists the exit codes") {
    CHECK(test::run_cli("join --no-such-flag").exit_code == 1);
    auto h = test::run_cli("--help");
    CHECK(h.exit_code == 0);
    CHECK(h.out.find("Exit codes") != std::string::npos);
  }
}

TEST_CASE("cli.join: a failed run keeps the previous result", "[cli][join][atomic]") {
  test::TempDir d;
  test::spit(d / "o.csv", "previous\n");
  auto r = test::run_cli("join --areas " + q(d / "missing.geojson") + " --incidents " +
                         q(test::geodata() / "deventer_incidents_synth.csv") + " --out " +
                         q(d / "o.csv"));
  CHECK(r.exit_code == 3);
  CHECK(test::slurp(d / "o.csv") == "previous\n");
}
