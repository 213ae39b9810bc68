#include <catch2/catch.hpp>

#include "../../support.hpp"
#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"

using namespace hotspot;

TEST_CASE("core.atomic: a file is replaced only on commit", "[core][atomic]") {
  test::TempDir d;
  const auto target = d / "result.csv";
  test::spit(target, "old\n");
  {
    AtomicFile f(target);
    test::spit(f.temp_path(), "half-written");
    CHECK(test::slurp(target) == "old\n");  // not yet
    // no commit: simulates a failure midway
  }
  CHECK(test::slurp(target) == "old\n");
  std::size_t n = 0;
  for (auto& e : std::filesystem::directory_iterator(d.path)) (void)e, ++n;
  CHECK(n == 1);  // the temporary file is gone

  write_file_atomically(target, "new\n");
  CHECK(test::slurp(target) == "new\n");
}

TEST_CASE("core.atomic: an unwritable target is a clear Output error", "[core][atomic]") {
  CHECK_THROWS_AS(write_file_atomically("/proc/hotspot-no/such/file.csv", "x"), Error);
}
