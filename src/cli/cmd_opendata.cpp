// hotspot opendata: the police's figures per wijk and buurt on the area polygons.
#include <fmt/format.h>

#include "common.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/opendata.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::cli {

Runner register_opendata(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("opendata", "Police/CBS figures per wijk and buurt (47022NED ...) on the area polygons");
  struct Opts {
    std::string file, out;
    io::AreaSourceConfig areas;
    std::vector<std::string> crimes, periods;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("file", o->file, "The table: TypedDataSet JSON or the CSV download")->required();
  sub->add_option("--areas", o->areas.path, "The buurten or wijken (CBS codes in a column: buurtcode, wijkcode ...)")->required();
  sub->add_option("--areas-layer", o->areas.layer, "Layer of a multi-layer source");
  sub->add_option("--areas-where", o->areas.where, "Attribute filter for the areas");
  sub->add_option("--crime", o->crimes, "Crime type codes as the table has them (default 0.0.0, all crime)")->delimiter(',');
  sub->add_option("--period", o->periods, "Periods: 2023 or 2023-01 (default: every period in the table)")->delimiter(',');
  sub->add_option("--out", o->out, "Output (.geojson, .gpkg or .csv): the areas with m_<crime>_<period> columns")->required();
  add_global_options(*sub, g);
  return [o, &g]() {
    RunContext ctx;
    configure(ctx, g);
    (void)io::format_from_path(o->out);
    check_output_paths({{"file", o->file}, {"--areas", o->areas.path}}, {{"--out", o->out}});
    const io::OpenData d = io::read_opendata(o->file);
    const AreaLayer areas = io::read_areas(o->areas, ctx);
    std::string code_col;
    const Table t = io::join_opendata(d, areas, o->crimes, o->periods, &code_col);
    io::write_table(t, o->out);
    std::size_t suppressed = 0;
    for (const auto& r : d.rows) suppressed += !r.value;
    ctx.info("{}: {} figures of {} ({} suppressed, left empty), joined to {} areas by {}", o->file, d.rows.size(), d.measure,
             suppressed, areas.size(), code_col);
    return 0;
  };
}

}  // namespace hotspot::cli
