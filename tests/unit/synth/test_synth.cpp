#include <catch2/catch.hpp>

#include "../../support.hpp"
#include "hotspot/synth/synth.hpp"

using namespace hotspot;

TEST_CASE("synth: byte-identical for the same seed, different for another", "[synth]") {
  test::TempDir d;
  auto r1 = test::run_cli("synth --seed 7 --out '" + (d / "a.csv").string() + "' --geodata '" +
                          test::geodata().string() + "'");
  auto r2 = test::run_cli("synth --seed 7 --out '" + (d / "b.csv").string() + "' --geodata '" +
                          test::geodata().string() + "'");
  auto r3 = test::run_cli("synth --seed 8 --out '" + (d / "c.csv").string() + "' --geodata '" +
                          test::geodata().string() + "'");
  REQUIRE(r1.exit_code == 0);
  REQUIRE(r2.exit_code == 0);
  REQUIRE(r3.exit_code == 0);
  CHECK(test::slurp(d / "a.csv") == test::slurp(d / "b.csv"));
  CHECK(test::slurp(d / "a.csv") != test::slurp(d / "c.csv"));
  CHECK(test::slurp(d / "a.csv").rfind("id,x,y,category,timestamp\n", 0) == 0);
}

TEST_CASE("synth: yearly totals per category match figures.md", "[synth]") {
  test::TempDir d;
  REQUIRE(test::run_cli("synth --seed 2023 --out '" + (d / "s.csv").string() + "' --geodata '" +
                        test::geodata().string() + "'")
              .exit_code == 0);
  std::map<std::pair<std::string, int>, int> n;
  for (const auto& r : test::read_csv(d / "s.csv"))
    ++n[{r.at("category"), std::stoi(r.at("timestamp").substr(0, 4))}];
  // The report's own figures (seed/figures.md), not the generator's table:
  const std::map<std::string, std::vector<int>> report{{"jeugdoverlast", {554, 582, 972, 779, 375}},
                                                       {"woninginbraak", {186, 158, 135, 184, 182}},
                                                       {"straatroof", {7, 11, 7, 3, 5}},
                                                       {"overval", {1, 4, 1, 2, 4}}};
  for (const auto& [cat, v] : report)
    for (int y = 2018; y <= 2022; ++y) {
      INFO(cat << " " << y);
      CHECK(n[{cat, y}] == v[static_cast<std::size_t>(y - 2018)]);
    }
  CHECK(n[{"drugs", 2021}] == 56);
  CHECK(n[{"drugs", 2022}] == 41);
  CHECK(n[{"ondermijning", 2022}] == 15);
  CHECK(n[{"woonoverlast", 2020}] == 15);
  CHECK(n[{"woonoverlast", 2022}] == 20);
}

TEST_CASE(
    "synth: youth nuisance in the evening and at the named squares, ondermijning on Bergweide",
    "[synth]") {
  test::TempDir d;
  REQUIRE(test::run_cli("synth --seed 1 --out '" + (d / "s.csv").string() + "' --geodata '" +
                        test::geodata().string() + "'")
              .exit_code == 0);
  REQUIRE(test::run_cli("join --areas '" +
                        (test::geodata() / "deventer_locaties.geojson").string() +
                        "' --incidents '" + (d / "s.csv").string() + "' --out '" +
                        (d / "loc.csv").string() + "'")
              .exit_code == 0);
  std::map<std::string, std::map<std::string, std::string>> by_name;
  for (auto& r : test::read_csv(d / "loc.csv")) by_name[r.at("name")] = r;
  // About 5 % of all youth nuisance each, on squares of under 0.01 km2 in a 134 km2
  // municipality: a concentration of several hundred times the average.
  CHECK(std::stoi(by_name["Boreelplein"]["n_jeugdoverlast"]) > 150);
  CHECK(std::stoi(by_name["Beestenmarkt"]["n_jeugdoverlast"]) > 150);
  CHECK(std::stoi(by_name["Bergweide 3"]["n_ondermijning"]) +
            std::stoi(by_name["Bergweide 4"]["n_ondermijning"]) >
        40);
  int evening = 0, total = 0;
  for (const auto& r : test::read_csv(d / "s.csv")) {
    if (r.at("category") != "jeugdoverlast") continue;
    const int h = std::stoi(r.at("timestamp").substr(11, 2));
    evening += (h >= 18 || h < 2);
    ++total;
  }
  CHECK(evening > total / 2);
}
