// hotspot web: the page's data are the published layers (nothing more exact), the folder is
// replaced as a whole and only when it is a web map, and a missing library is one clear error.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../support.hpp"

namespace {

std::string q(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}

nlohmann::json page_data(const std::filesystem::path& dir) {
  const std::string js = test::slurp(dir / "data.js");
  const auto b = js.find('{');
  REQUIRE(b != std::string::npos);
  return nlohmann::json::parse(js.substr(b, js.rfind('}') - b + 1));
}

}  // namespace

TEST_CASE("cli.web: the page holds the published counts, withheld ones as null", "[web][cli]") {
  test::TempDir d;
  const std::string inc = q(test::geodata() / "deventer_incidents_synth.csv");
  REQUIRE(test::run_cli("join --areas " + q(test::geodata() / "deventer_buurten.geojson") +
                        " --incidents " + inc + " --out " + q(d / "buurten.geojson") + " -q")
              .exit_code == 0);
  const auto r = test::run_cli("web --out " + q(d / "web") + " " + q(d / "buurten.geojson"));
  REQUIRE(r.exit_code == 0);
  for (const char* f : {"index.html", "data.js", "app.js", "app.css", "leaflet/leaflet.js",
                        "leaflet/leaflet.css", "leaflet/LICENSE"})
    CHECK(std::filesystem::exists(d / "web" / f));
  const auto data = page_data(d / "web");
  const auto pub = nlohmann::json::parse(test::slurp(d / "buurten.geojson"));
  REQUIRE(data["layers"].size() == 1);
  const auto& feats = data["layers"][0]["data"]["features"];
  REQUIRE(feats.size() == pub["features"].size());
  std::size_t withheld = 0;
  for (std::size_t i = 0; i < feats.size(); ++i) {
    const auto& a = feats[i]["properties"];
    const auto& b = pub["features"][i]["properties"];
    CHECK(a["n_incidents"] == b["n_incidents"]);  // exactly what the published file says
    if (a["n_incidents"].is_number()) {
      const auto n = a["n_incidents"].get<std::int64_t>();
      CHECK((n == 0 || n >= 5));
      CHECK(n % 5 == 0);
    } else {
      ++withheld;
    }
    // WGS84 lon/lat around Deventer (RFC 7946 order).
    const auto& c = feats[i]["geometry"]["coordinates"];
    const auto& ring = feats[i]["geometry"]["type"] == "MultiPolygon" ? c[0][0] : c[0];
    CHECK(ring[0][0].get<double>() > 6.0);
    CHECK(ring[0][0].get<double>() < 6.5);
    CHECK(ring[0][1].get<double>() > 52.1);
    CHECK(ring[0][1].get<double>() < 52.4);
  }
  CHECK(withheld > 0);
  CHECK(test::slurp(d / "web" / "index.html").find("INTERN") == std::string::npos);

  SECTION("--internal says so on the page") {
    REQUIRE(test::run_cli("web --internal --out " + q(d / "web") + " " + q(d / "buurten.geojson"))
                .exit_code == 0);
    CHECK(test::slurp(d / "web" / "index.html").find("INTERN - niet publiceren") !=
          std::string::npos);
    CHECK(page_data(d / "web")["internal"] == true);
  }
  SECTION("a folder that is not a web map is left alone") {
    std::filesystem::create_directories(d / "mine");
    test::spit(d / "mine" / "notes.txt", "keep me");
    const auto bad = test::run_cli("web --out " + q(d / "mine") + " " + q(d / "buurten.geojson"));
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("not a hotspot web map") != std::string::npos);
    CHECK(test::slurp(d / "mine" / "notes.txt") == "keep me");
  }
  SECTION("without Leaflet: one clear message with the fix") {
    const auto bad = test::run_cli("web --leaflet " + q(d / "nowhere") + " --out " + q(d / "web2") +
                                   " " + q(d / "buurten.geojson"));
    CHECK(bad.exit_code == 3);
    CHECK(bad.err.find("scripts/setup-web.sh") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(d / "web2"));
  }
  SECTION("raw incident points are refused") {
    const auto bad = test::run_cli("web --out " + q(d / "web3") + " " +
                                   q(test::fixtures() / "dutch_lonlat.csv"));
    CHECK(bad.exit_code != 0);
    CHECK_FALSE(std::filesystem::exists(d / "web3"));
  }
}
