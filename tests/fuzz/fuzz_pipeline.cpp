// libFuzzer target: the pipeline file (TOML) checker.
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "hotspot/core/error.hpp"
#include "hotspot/pipeline/pipeline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/hotspot-fuzz-" + std::to_string(::getpid()) + ".toml";
  {
    std::ofstream os(path, std::ios::binary | std::ios::trunc);
    os.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  hotspot::Profile profile;
  profile.dir = HOTSPOT_GEODATA_DIR;
  try {
    (void)hotspot::pipeline::plan(path, "/tmp/hotspot-fuzz-out", profile);
  } catch (const hotspot::Error&) {
  }
  return 0;
}
