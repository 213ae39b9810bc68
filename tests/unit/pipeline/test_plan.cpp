// Planning (issue 12): a pipeline is checked whole before anything runs. Every kind of bad
// value, in any stage, is refused by pipeline::plan with the file, the line of the key and
// the key; nothing is written.
#include <catch2/catch.hpp>

#include <regex>

#include "../../support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/pipeline/pipeline.hpp"

namespace {

namespace fs = std::filesystem;

std::string shipped() {
  std::string t = test::slurp(test::geodata() / "deventer.toml");
  return std::regex_replace(t, std::regex("\"deventer_"),
                            "\"" + test::geodata().string() + "/deventer_");
}

hotspot::Profile profile() {
  hotspot::Profile p;
  p.dir = test::geodata();
  p.places = test::geodata() / "deventer_locaties.geojson";
  p.mask = test::geodata() / "deventer_gemeente.geojson";
  p.depot = "207400,473990";
  return p;
}

}  // namespace

TEST_CASE("plan: the shipped pipeline plans", "[pipeline][plan]") {
  test::TempDir d;
  test::spit(d / "p.toml", shipped());
  const auto p = hotspot::pipeline::plan(d / "p.toml", (d / "out").string(), profile());
  CHECK(p.stages.size() == 15);  // with the map series (png, pdf) and [web]
  CHECK_FALSE(fs::exists(d / "out"));
}

TEST_CASE("plan: every kind of bad value is refused with file, line and key", "[pipeline][plan]") {
  struct Case {
    const char* what;
    std::string from, to, key;
    hotspot::ErrorCode code;
  };
  using hotspot::ErrorCode;
  const std::vector<Case> cases{
      {"a word for a number", "teams = 2", "teams = \"two\"", "teams", ErrorCode::Usage},
      {"a number out of range", "teams = 2", "teams = 99", "teams", ErrorCode::Usage},
      {"a negative cell", "cell-m = 25\ntop = \"5%\"", "cell-m = -25\ntop = \"5%\"", "cell-m",
       ErrorCode::Usage},
      {"a value not allowed", "method = \"gistar\"", "method = \"gistarr\"", "method",
       ErrorCode::Usage},
      {"a combination", "top = \"2%\"", "top = \"2%\"\nthreshold = 100", "threshold",
       ErrorCode::Usage},
      {"bad hours", "hours = \"18-02\"", "hours = \"18-26\"", "hours", ErrorCode::Usage},
      {"a bad reference", "density = \"@overlast\"", "density = \"@nergens\"", "density",
       ErrorCode::Usage},
      {"bad weights", "weights = \"distance:600\"", "weights = \"afstand:600\"", "weights",
       ErrorCode::Usage},
      {"a bad window", "window = \"365d\"", "window = \"365x\"", "window", ErrorCode::Usage},
      {"a bad shift", "shift = \"19:00-23:00\"", "shift = \"19:00-25:00\"", "shift",
       ErrorCode::Usage},
      {"a zero bandwidth", "bandwidth-m = 250", "bandwidth-m = 0", "bandwidth-m", ErrorCode::Usage},
      {"a picture out of range", "png = \"deventer.png\"", "png = \"deventer.png\"\ndpi = 5", "dpi",
       ErrorCode::Usage},
      {"a bad extent", "extent = \"203500,471000,223000,481750\"\nmask",
       "extent = \"a,b,c,d\"\nmask", "extent", ErrorCode::Usage},
      {"negative iterations", "iterations = 300", "iterations = -1", "iterations",
       ErrorCode::Usage},
      {"a missing input", "areas = \"" + test::geodata().string() + "/deventer_wijken.geojson\"",
       "areas = \"nergens.geojson\"", "areas", ErrorCode::InputMissing},
      {"an unknown key", "permutations = 999", "permutaties = 999", "permutaties",
       ErrorCode::Usage},
      {"a table for a value", "seed = 2023", "seed = {a = 1}", "seed", ErrorCode::Usage},
      {"a threshold that would publish small counts", "png = \"deventer.png\"",
       "png = \"deventer.png\"\nsuppress-below = 1", "suppress-below", ErrorCode::Usage},
      {"a bandwidth too narrow to publish", "bandwidth-m = 250", "bandwidth-m = 60", "bandwidth-m",
       ErrorCode::Usage},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    test::TempDir d;
    std::string t = shipped();
    const auto pos = t.find(c.from);
    REQUIRE(pos != std::string::npos);
    t.replace(pos, c.from.size(), c.to);
    test::spit(d / "p.toml", t);
    const std::size_t key_at = pos + c.to.find(c.key + " =");
    const int line = 1 + static_cast<int>(std::count(
                             t.begin(), t.begin() + static_cast<std::ptrdiff_t>(key_at), '\n'));
    try {
      (void)hotspot::pipeline::plan(d / "p.toml", (d / "out").string(), profile());
      FAIL("no error");
    } catch (const hotspot::Error& e) {
      const std::string msg = e.message();
      INFO(msg);
      CHECK(e.code() == c.code);
      CHECK(msg.find((d / "p.toml").string()) != std::string::npos);
      CHECK(msg.find("line " + std::to_string(line)) != std::string::npos);
      CHECK(msg.find(c.key) != std::string::npos);
    }
    CHECK_FALSE(fs::exists(d / "out"));
  }
}

TEST_CASE("plan: a required option left out names the stage", "[pipeline][plan]") {
  test::TempDir d;
  std::string t = shipped();
  t.replace(t.find("method = \"lisa\"\n"), std::string("method = \"lisa\"\n").size(), "");
  test::spit(d / "p.toml", t);
  try {
    (void)hotspot::pipeline::plan(d / "p.toml", (d / "out").string(), profile());
    FAIL("no error");
  } catch (const hotspot::Error& e) {
    CHECK(std::string(e.what()).find("[stats] 'overlast_lisa'") != std::string::npos);
    CHECK(std::string(e.what()).find("method is required") != std::string::npos);
  }
}
