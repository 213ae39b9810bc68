#include <catch2/catch.hpp>

#include "../support.hpp"

namespace {
std::string q(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}
}  // namespace

TEST_CASE("cli.score: addresses ranked, bad rows rejected, contract columns", "[cli][score]") {
  test::TempDir d;
  test::spit(d / "adr.csv",
             "adres,x,y\nBrink "
             "1,207796.55,474061.14\nkapot,abc,474000\nBergweide,208450,473300\nLeeg,,\n");
  auto r = test::run_cli("score --internal --locations " + q(d / "adr.csv") + " --incidents " +
                             q(test::geodata() / "deventer_incidents_synth.csv") +
                             " --radius-m 250 --out " + q(d / "s.csv"),
                         test::geodata().parent_path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("locations: read 4, scored 2, rejected 2") != std::string::npos);
  CHECK(r.err.find("read 4601,") != std::string::npos);
  const auto rows = test::read_csv(d / "s.csv");
  REQUIRE(rows.size() == 2);
  for (const char* col : {"adres", "n_incidents", "n_jeugdoverlast", "n_window", "n_prev_window",
                          "trend", "trend_p", "score", "rank", "nearest_hotspot", "dist_hotspot_m"})
    CHECK(rows[0].count(col) == 1);
  CHECK(rows[0].at("rank") == "1");
  CHECK(rows[1].at("rank") == "2");
  CHECK(std::stod(rows[0].at("score")) >= std::stod(rows[1].at("score")));
  CHECK(rows[0].at("adres") == "Brink 1");  // the Brink is busier than this corner of Bergweide
  CHECK(test::read_csv(d.rejects("s.rejects.csv")).size() == 2);
}
