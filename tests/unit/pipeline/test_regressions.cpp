// Inputs the fuzzers found (tests/fuzz/regressions): each must give a clear error, not crash.
#include <catch2/catch.hpp>

#include "../../support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/pipeline/pipeline.hpp"

TEST_CASE("pipeline.fuzz: control bytes and broken UTF-8 are refused before the TOML parser",
          "[pipeline][fuzz]") {
  // Made toml11 3.7.1 read past its buffer (found by tests/fuzz/fuzz_pipeline.cpp).
  const auto file = std::filesystem::path(HOTSPOT_SOURCE_DIR) / "tests" / "fuzz" / "regressions" /
                    "pipeline-toml11-overflow.toml";
  hotspot::Profile profile;
  profile.dir = test::geodata();
  try {
    hotspot::pipeline::plan(file, "/tmp/unused", profile);
    FAIL("no error");
  } catch (const hotspot::Error& e) {
    CHECK(e.code() == hotspot::ErrorCode::InputFormat);
    CHECK(std::string(e.what()).find("not UTF-8 text") != std::string::npos);
  }
  CHECK(hotspot::pipeline::edit_distance("bandwith-m", "bandwidth-m") == 1);
}
