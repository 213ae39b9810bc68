// libFuzzer target: GeoJSON through OGR, as incidents and as an area layer.
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "hotspot/core/error.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/incident_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/hotspot-fuzz-" + std::to_string(::getpid()) + ".geojson";
  {
    std::ofstream os(path, std::ios::binary | std::ios::trunc);
    os.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  hotspot::RunContext ctx;
  ctx.verbosity = hotspot::Verbosity::Quiet;
  try {
    hotspot::RejectsSink rejects;
    hotspot::IncidentTable t;
    hotspot::io::IncidentSourceConfig cfg;
    cfg.path = path;
    const auto st = hotspot::io::read_incidents(cfg, t, rejects, ctx);
    if (st.read != t.size() + st.rejected) __builtin_trap();
  } catch (const hotspot::Error&) {
  }
  try {
    hotspot::io::AreaSourceConfig ac;
    ac.path = path;
    const auto a = hotspot::io::read_areas(ac, ctx);
    for (const auto& g : a.table.geometries)
      if (!g || !g->IsValid()) __builtin_trap();  // areas come out valid
  } catch (const hotspot::Error&) {
  }
  return 0;
}
