// libFuzzer target: incident CSV ingest (tokenizer, column detection, numbers, timestamps,
// CRS checks), and the same bytes as a route teams file (--teams-file) with its breaks. A
// hotspot::Error is the expected answer to bad input; anything else (a crash, a sanitizer
// report, another exception) is a finding.
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "hotspot/core/error.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "hotspot/route/shift.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/hotspot-fuzz-" + std::to_string(::getpid()) + ".csv";
  {
    std::ofstream os(path, std::ios::binary | std::ios::trunc);
    os.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  hotspot::RunContext ctx;
  ctx.verbosity = hotspot::Verbosity::Quiet;
  ctx.threads = 2;
  hotspot::RejectsSink rejects;
  hotspot::IncidentTable t;
  hotspot::io::IncidentSourceConfig cfg;
  cfg.path = path;
  try {
    const auto st = hotspot::io::read_incidents(cfg, t, rejects, ctx);
    if (st.read != t.size() + st.rejected) __builtin_trap();  // counts must reconcile
  } catch (const hotspot::Error&) {
  }
  try {
    for (const auto& team : hotspot::route::read_teams_file(path))
      if (team.break_column) (void)hotspot::route::parse_break(team.brk, "break");
  } catch (const hotspot::Error&) {
  }
  return 0;
}
