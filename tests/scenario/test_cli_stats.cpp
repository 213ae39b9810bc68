#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../support.hpp"

namespace {
std::string q(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}
}  // namespace

TEST_CASE("cli.stats: Gi* on a grid writes the contract columns and a summary", "[cli][stats]") {
  test::TempDir d;
  auto r =
      test::run_cli("stats --internal --incidents " + q(test::data_dir() / "points_small.csv") +
                    " --grid-m 250 --extent 200000,468000,215000,482000 --method gistar "
                    "--weights distance:600 --out " +
                    q(d / "gi.csv"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("read 500, joined 500, outside 0, rejected 0") != std::string::npos);
  const auto rows = test::read_csv(d / "gi.csv");
  REQUIRE(rows.size() == 3360);
  for (const char* col :
       {"cell_id", "col", "row", "x", "y", "count", "gi_z", "gi_p", "gi_p_fdr", "gi_class"})
    CHECK(rows.front().count(col) == 1);
  CHECK(rows[61].at("col") == "1");
  CHECK(rows[61].at("row") == "1");
  const auto s = nlohmann::json::parse(test::slurp(d / "gi.summary.json"));
  CHECK(s["global_moran"]["z"].get<double>() > 10);
}

TEST_CASE("cli.stats: Local Moran on the Deventer buurten with queen contiguity, as GeoPackage",
          "[cli][stats]") {
  test::TempDir d;
  auto r = test::run_cli(
      "stats --internal --incidents " + q(test::geodata() / "deventer_incidents_synth.csv") +
      " --areas " + q(test::geodata() / "deventer_buurten.geojson") +
      " --method lisa --category jeugdoverlast --out " + q(d / "lisa.csv") + " --permutations 99");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = test::read_csv(d / "lisa.csv");
  REQUIRE(rows.size() == 69);
  for (const char* col : {"buurtnaam", "count", "lisa_i", "lisa_e", "lisa_var", "lisa_z", "lisa_p",
                          "lisa_p_perm", "lisa_cluster"})
    CHECK(rows.front().count(col) == 1);
  // Centrum (BU01500101) borders Bergkwartier, Noordenbergkwartier, Singel, Raambuurt, Knutteldorp,
  // De Hoven ...
  for (const auto& row : rows)
    if (row.at("buurtcode") == "BU01500101") CHECK(std::stoi(row.at("n_neigh")) >= 5);
}

TEST_CASE("cli.stats: optimized hot spots choose and report the distance band", "[cli][stats]") {
  test::TempDir d;
  auto r =
      test::run_cli("stats --incidents " + q(test::data_dir() / "points_small.csv") +
                    " --grid-m 500 --extent 200000,468000,215000,482000 --method gistar --out " +
                    q(d / "gi.geojson"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("distance band:") != std::string::npos);
  const auto s = nlohmann::json::parse(test::slurp(d / "gi.summary.json"));
  CHECK(s["distance_band_m"].get<double>() >= 500);
  CHECK(s["distance_band_choice"].get<std::string>().size() > 10);
}

TEST_CASE("cli.stats: usage errors", "[cli][stats]") {
  test::TempDir d;
  const std::string inc = q(test::data_dir() / "points_small.csv");
  CHECK(test::run_cli("stats --incidents " + inc + " --method gistar --out " + q(d / "x.csv"))
            .exit_code == 2);
  CHECK(test::run_cli("stats --incidents " + inc + " --grid-m 250 --method gistar --out " +
                      q(d / "x.csv"))
            .exit_code == 2);
  auto r = test::run_cli(
      "stats --incidents " + inc +
      " --grid-m 250 --extent 200000,468000,200250,468250 --method gistar --out " + q(d / "x.csv"));
  CHECK(r.exit_code == 6);  // a single cell
}
