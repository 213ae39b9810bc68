// hotspot opendata: the police's figures per wijk and buurt on the area polygons.
#include "hotspot/io/opendata_step.hpp"

#include <fmt/format.h>
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/opendata.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::io {

namespace {}  // namespace

void declare(OptionSet& s, OpenDataStepConfig& c) {
  s.opt("file", &c.file, "The table: TypedDataSet JSON or the CSV download")
      .positional()
      .required()
      .input()
      .format("file");
  s.opt("areas", &c.areas.path,
        "The buurten or wijken (CBS codes in a column: buurtcode, wijkcode ...)")
      .required()
      .input()
      .format("vector");
  s.opt("areas-layer", &c.areas.layer, "Layer of a multi-layer source");
  s.opt("areas-where", &c.areas.where, "Attribute filter for the areas");
  s.opt("crime", &c.crimes, "Crime type codes as the table has them (default 0.0.0, all crime)")
      .comma();
  s.opt("period", &c.periods, "Periods: 2023 or 2023-01 (default: every period in the table)")
      .comma();
  s.opt("out", &c.out,
        "Output (.geojson, .gpkg or .csv): the areas with m_<crime>_<period> columns")
      .required()
      .output()
      .format("vector");
  step::declare_out_layer(s, c.out_layer);
  // The figures are published already by their source (CBS, the police): written as they
  // are; the options are there as on every command, and --internal marks the output.
  publish::declare(s, c.publication);
}

void validate(const OpenDataStepConfig& c, const step::Env&) {
  publish::validate(c.publication);
  (void)io::format_from_path(c.out);
  check_output_paths({{"file", c.file}, {"--areas", c.areas.path}}, {{"--out", c.out}});
}

void run(const OpenDataStepConfig& config, step::Env& env) {
  OpenDataStepConfig copy = config;
  OpenDataStepConfig* o = &copy;
  RunContext& ctx = env.ctx;
  const io::OpenData d = io::read_opendata(o->file);
  const auto areas_p = step::read_areas(o->areas, env);
  const AreaLayer& areas = *areas_p;
  std::string code_col;
  const Table t = io::join_opendata(d, areas, o->crimes, o->periods, &code_col);
  step::write_table(env, t, o->out,
                    {o->out_layer,
                     {},
                     o->publication.internal
                         ? o->publication.description()
                         : "published by hotspot: open figures as their source published them"});
  std::size_t suppressed = 0;
  for (const auto& r : d.rows) suppressed += !r.value;
  ctx.info("{}: {} figures of {} ({} suppressed, left empty), joined to {} areas by {}", o->file,
           d.rows.size(), d.measure, suppressed, areas.size(), code_col);
}

}  // namespace hotspot::io
