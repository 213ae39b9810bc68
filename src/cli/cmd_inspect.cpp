// hotspot inspect: a look at an incident export before the run (issue 14). It reads the file
// exactly as every command does (same schema flags) and says what the tool sees.
#include <algorithm>
#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "bind.hpp"
#include "common.hpp"
#include "hotspot/step/step.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/crs/transform.hpp"

namespace hotspot::cli {

Runner register_inspect(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand(
      "inspect", "What the tool sees in an incident file: columns, formats, CRS, categories");
  struct Bound {
    io::IncidentSourceConfig cfg;
    OptionSet options;
  };
  auto b = std::make_shared<Bound>();
  b->options
      .text("file", &b->cfg.path, "The incident export (CSV, Excel, GeoJSON, GeoPackage, ...)")
      .required()
      .positional()
      .input();
  step::declare_incidents(b->options, b->cfg, false);
  auto bound = bind_options(*sub, b->options);
  add_global_options(*sub, g);
  return [b, bound, &g]() {
    RunContext ctx;
    configure(ctx, g);
    apply_options(*bound, b->options);
    const auto cfg = &b->cfg;
    // Warnings go into the report (after the facts), not before it.
    char* buf = nullptr;
    std::size_t len = 0;
    std::FILE* mem = open_memstream(&buf, &len);
    ctx.log_stream = mem;
    IncidentTable t;
    RejectsSink rejects;
    const io::ReadStats st = io::read_incidents(*cfg, t, rejects, ctx);
    std::fclose(mem);
    const std::string warnings(buf, len);
    std::free(buf);

    std::string r = fmt::format("file          {}\n", cfg->path);
    if (st.delimiter)
      r += fmt::format("format        CSV, delimiter '{}', line ends {}, encoding {}\n",
                       st.delimiter == '\t' ? std::string("tab") : std::string(1, st.delimiter),
                       st.line_ends, st.encoding);
    else
      r += "format        read through GDAL/OGR\n";
    r += fmt::format("rows          {} read, {} usable, {} rejected\n", st.read, t.size(),
                     st.rejected);
    r += fmt::format("coordinates   {} / {} ({}); CRS {}\n", st.x_column, st.y_column, st.x_why,
                     st.source_crs);
    if (t.size() > 0) {
      const auto [x0, x1] = std::minmax_element(t.x.begin(), t.x.end());
      const auto [y0, y1] = std::minmax_element(t.y.begin(), t.y.end());
      r += fmt::format("              x {:.0f} .. {:.0f}, y {:.0f} .. {:.0f} in {}, after {}\n",
                       *x0, *x1, *y0, *y1, t.crs, st.transformation);
      const auto rd = crs::area_of_use("EPSG:28992", 0);
      if (t.crs == "EPSG:28992" && *x0 >= rd[0] && *x1 <= rd[2] && *y0 >= rd[1] && *y1 <= rd[3])
        r += fmt::format(
            "              inside the Netherlands (RD New's area){}\n",
            st.swapped_suspected ? "; but many rows looked swapped (see the warnings)" : "");
    }
    if (st.without_coordinates > 0)
      r += fmt::format(
          "no coords     {} rows{}{}\n", st.without_coordinates,
          st.address_columns.empty() ? ""
                                     : fmt::format(", with an address in {}", st.address_columns),
          st.addresses_used ? fmt::format("; {} placed from the address file", st.geocoded) : "");
    if (st.time_column.empty()) {
      r += "time          (no time column: periods and time filters are not possible; name it with "
           "--time-col)\n";
    } else {
      const auto no_time = std::count(t.time.begin(), t.time.end(), kNoTime);
      r += fmt::format("time          {}{} ({}), read as {}; {} usable rows without a time\n",
                       st.time_column, st.clock_column.empty() ? "" : " + " + st.clock_column,
                       st.time_why, st.date_format, no_time);
      std::int64_t lo = INT64_MAX, hi = INT64_MIN;
      for (auto v : t.time)
        if (v != kNoTime) lo = std::min(lo, v), hi = std::max(hi, v);
      if (lo <= hi)
        r += fmt::format("              {} .. {}\n", format_iso8601(lo), format_iso8601(hi));
    }
    r += st.weight_column.empty() ? "weight        (none: every incident counts 1)\n"
                                  : fmt::format("weight        {}\n", st.weight_column);
    if (st.category_column.empty()) {
      r += "category      (no category column: everything is 'all'; name it with --category-col)\n";
    } else {
      std::vector<std::int64_t> n(t.categories.size(), 0);
      for (auto c : t.category) ++n[static_cast<std::size_t>(c)];
      r += fmt::format("category      {} ({}), {} categories after folding{}:\n",
                       st.category_column, st.category_why, t.categories.size(),
                       cfg->categories.empty() ? "" : " and mapping");
      for (int id : t.categories.sorted_ids())
        r += fmt::format("                {:<28} {:>8}\n", t.categories.name(id),
                         n[static_cast<std::size_t>(id)]);
    }
    if (rejects.size() > 0) {
      r += "rejected      by reason:\n";
      for (const auto& [k, v] : rejects.summary())
        r += fmt::format("                {:<44} {:>8}\n", k, v);
      r += fmt::format("              first: line {}: {}\n", rejects.rows().front().line,
                       rejects.rows().front().reason);
    }
    if (!warnings.empty()) r += "warnings\n" + warnings;
    std::cout << r;
    return 0;
  };
}

}  // namespace hotspot::cli
