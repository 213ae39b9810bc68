#include <cmath>
#include <fstream>

#include <fmt/format.h>
#include <ogr_api.h>

#include "common.hpp"
#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/location_reader.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/io/osm_reader.hpp"
#include "hotspot/route/network.hpp"
#include "hotspot/route/route.hpp"

namespace hotspot::cli {

namespace {

// Deventer's town hall, Grote Kerkhof 4 (approximate, from the square's statue and the
// Lebuinuskerk points in geodata/SOURCES.md).
constexpr double kTownHallX = 207400, kTownHallY = 473990;

std::string text(const Value& v) { return value_text(v); }
std::optional<double> number(const Value& v) { return value_number(v); }
int find_field(const Table& t, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (int i = t.field_index(n); i >= 0) return i;
  return -1;
}
std::string xml(const std::string& s) { return xml_escape(s); }

}  // namespace

Runner register_route(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("route", "Plan flexteam routes over hotspots within a shift");
  struct Opts {
    io::LocationSourceConfig stops;
    io::IncidentSourceConfig inc;
    FilterOptions filter;
    std::string value_col, depot, shift, date, osm, out, mode = "walk", days_text;
    int teams = 1, days = 1;
    double dwell = 15, speed = 0, detour = 0, time_limit = 10, profile_radius = 150;
    long iterations = 2000;
    std::uint64_t seed = 1;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--stops", o->stops.path, "Candidate stops: named places, hotspot areas, scored locations (points or polygons)")->required();
  sub->add_option("--stops-layer", o->stops.layer, "Layer of a multi-layer source");
  sub->add_option("--value-col", o->value_col, "Stop value column (auto: score, value, gi_z, n_incidents, share_incidents; else 1)");
  add_incident_options(*sub, o->inc, false);  // the incidents: the hour-of-day profile of each stop
  sub->add_option("--profile-radius-m", o->profile_radius, "Incidents within this distance of a stop make its profile")->capture_default_str();
  sub->add_option("--depot", o->depot, "Start and end: X,Y in EPSG:28992 or the name of a stop (default: the town hall)");
  sub->add_option("--shift", o->shift, "HH:MM-HH:MM, e.g. 18:00-23:00 or 20:00-02:00")->required();
  sub->add_option("--date", o->date, "Date of the shift (YYYY-MM-DD), for the GPX times");
  sub->add_option("--teams", o->teams, "Number of teams")->capture_default_str();
  sub->add_option("--dwell-min", o->dwell, "Minutes at each stop (15: the duration hot spot policing studies found effective)")
      ->capture_default_str();
  sub->add_option("--mode", o->mode, "walk (5 km/h), bike (15 km/h) or car (30 km/h)")->check(CLI::IsMember({"walk", "bike", "car"}));
  sub->add_option("--speed-kmh", o->speed, "Travel speed (overrides --mode)");
  sub->add_option("--detour", o->detour, "Straight-line distance x this = travelled distance (default 1.3, car 1.4)");
  sub->add_option("--osm", o->osm, "Road network (OpenStreetMap .osm XML): travel and lines follow the streets");
  sub->add_option("--time-limit-s", o->time_limit, "Search time limit")->capture_default_str();
  sub->add_option("--iterations", o->iterations, "Search iterations (reproducible when these, not the time, end it)")->capture_default_str();
  sub->add_option("--seed", o->seed, "Seed of the search")->capture_default_str();
  sub->add_option("--days", o->days_text,
                  "A number: plan this many shifts, a stop visited recently worth less (patrols vary); day names "
                  "(fri,sat): only incidents on these days make the profiles, as --weekdays");
  sub->add_option("--out", o->out, "Output folder: routes.geojson, schedule.csv, team_<n>.gpx")->required();
  add_filter_options(*sub, o->filter, "--weekdays");  // --days is the number of shifts here
  add_global_options(*sub, g);
  return [o, &g, sub]() {
    RunContext ctx;
    configure(ctx, g);
    route::Problem p;
    route::parse_shift(o->shift, p.shift_start_min, p.shift_len_min);
    const int clock_len_min = p.shift_len_min;
    {
      const std::filesystem::path d = o->out;
      std::vector<NamedPath> outs{{"--out", d / "routes.geojson"}, {"--out", d / "stops.geojson"}, {"--out", d / "schedule.csv"}};
      for (int t = 1; t <= o->teams; ++t) outs.emplace_back("--out", d / fmt::format("team_{}.gpx", t));
      check_output_paths({{"--stops", o->stops.path}, {"--incidents", o->inc.path}, {"--osm", o->osm}}, outs);
    }
    if (o->teams < 1 || o->teams > 50) throw Error(ErrorCode::Usage, "--teams must be 1..50", {"", "", "--teams"});
    if (!(o->dwell > 0) || !(o->dwell < 1440))
      throw Error(ErrorCode::Usage, fmt::format("--dwell-min {} is not a number of minutes between 0 and 1440", o->dwell),
                  {"", "", "--dwell-min"}, "e.g. --dwell-min 15");
    // --days is the number of shifts (the first wave's contract) or, written as day names,
    // the same day filter as every other command's --days.
    if (!o->days_text.empty()) {
      if (std::all_of(o->days_text.begin(), o->days_text.end(), [](unsigned char ch) { return std::isdigit(ch); })) {
        o->days = o->days_text.size() > 3 ? 1000 : std::stoi(o->days_text);
      } else {
        if (!o->filter.days.empty())
          throw Error(ErrorCode::Usage, "--days (as day names) and --weekdays both select days", {"", "", "--days"}, "give one of them");
        o->filter.days = o->days_text;
      }
    }
    if (o->days < 1 || o->days > 31) throw Error(ErrorCode::Usage, "--days must be 1..31", {"", "", "--days"});
    if (sub->count("--speed-kmh") > 0 && !(o->speed > 0 && o->speed <= 200))
      throw Error(ErrorCode::Usage, fmt::format("--speed-kmh {} is not a travel speed (above 0, at most 200 km/h)", o->speed),
                  {"", "", "--speed-kmh"}, "e.g. --speed-kmh 5 on foot, 15 by bike; or leave it out and give --mode");
    if (sub->count("--detour") > 0 && !(o->detour >= 1 && o->detour <= 10))
      throw Error(ErrorCode::Usage, fmt::format("--detour {} is not a factor from 1 to 10", o->detour), {"", "", "--detour"},
                  "the travelled distance is at least the straight line: e.g. --detour 1.3");
    if (!(o->time_limit > 0) || !(o->time_limit <= 86400))
      throw Error(ErrorCode::Usage, fmt::format("--time-limit-s {} is not a number of seconds above 0", o->time_limit),
                  {"", "", "--time-limit-s"}, "e.g. --time-limit-s 10");
    if (o->iterations < 0)
      throw Error(ErrorCode::Usage, "--iterations cannot be negative", {"", "", "--iterations"}, "e.g. --iterations 2000");
    // With --date the shift is a real stretch of time: its start and end are Amsterdam wall
    // clocks, so a shift over a DST change is an hour shorter or longer than its clock says,
    // schedule times are the wall clock at each planned instant, GPX times those instants in UTC.
    const std::int64_t date_local = o->date.empty() ? kNoTime : parse_date_option(o->date, "--date");
    auto day_start_utc = [&](int day) {
      return utc_from_local(date_local + (day - 1) * 86400 + std::int64_t{p.shift_start_min} * 60);
    };
    auto day_len_min = [&](int day) {
      if (date_local == kNoTime) return clock_len_min;
      const std::int64_t end_local = date_local + (day - 1) * 86400 + std::int64_t{p.shift_start_min + clock_len_min} * 60;
      return static_cast<int>((utc_from_local(end_local) - day_start_utc(day)) / 60);
    };
    // Minutes after the day's shift start at which the wall clock shows `clock_min`.
    auto elapsed_at_clock = [&](int day, int clock_min) -> int {
      const int naive = (clock_min - p.shift_start_min + 1440) % 1440;
      if (date_local == kNoTime) return naive;
      const std::int64_t local = date_local + (day - 1) * 86400 + std::int64_t{p.shift_start_min + naive} * 60;
      return static_cast<int>((utc_from_local(local) - day_start_utc(day)) / 60);
    };
    auto clk = [&](int day, double minutes_after) -> std::string {
      if (date_local == kNoTime) return route::clock(p.shift_start_min, minutes_after);
      const std::int64_t local = local_from_utc(day_start_utc(day) + std::llround(minutes_after * 60.0));
      return format_iso8601(local).substr(11);
    };
    p.teams = o->teams;
    p.dwell_min = o->dwell;
    const double speed = o->speed > 0 ? o->speed : (o->mode == "car" ? 30 : o->mode == "bike" ? 15 : 5);
    const double detour = o->detour > 0 ? o->detour : (o->mode == "car" ? 1.4 : 1.3);

    // Stops.
    RejectsSink rejects;
    io::LocationStats loc_stats;
    Table st = io::read_locations(o->stops, rejects, loc_stats, ctx);
    if (st.size() == 0) throw Error(ErrorCode::EmptyInput, "no candidate stops", {o->stops.path}, "give a layer with points or polygons");
    const int idc = find_field(st, {"stop_id", "name", "naam", "id", "hotspot_id", "cell_id", "loc_id"});
    const int vc = o->value_col.empty() ? find_field(st, {"score", "value", "gi_z", "n_incidents", "share_incidents"})
                                        : st.field_index(o->value_col);
    if (!o->value_col.empty() && vc < 0)
      throw Error(ErrorCode::InputFormat, fmt::format("no column '{}'", o->value_col), {o->stops.path, "", o->value_col},
                  "name an existing column with --value-col");
    const int mc = find_field(st, {"must_visit"});
    const int oc = find_field(st, {"tw_open"}), cc = find_field(st, {"tw_close"});
    auto window_clock = [&](const Value& v) -> int {  // clock minute, or -1
      const std::string s = text(v);
      int h, m;
      if (s.empty() || std::sscanf(s.c_str(), "%d:%d", &h, &m) != 2 || h < 0 || h > 24 || m < 0 || m > 59) return -1;
      return (h * 60 + m) % 1440;
    };
    std::vector<int> open_clock, close_clock;
    for (std::size_t i = 0; i < st.size(); ++i) {
      route::Stop s;
      OGRPoint pt;
      const OGRGeometry& geom = *st.geometries[i];
      if (wkbFlatten(geom.getGeometryType()) == wkbPoint) pt = *geom.toPoint();
      else {
        OGRGeometryH on = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&geom)));
        if (on) {
          pt = *OGRGeometry::FromHandle(on)->toPoint();
          OGR_G_DestroyGeometry(on);
        } else {
          geom.Centroid(&pt);
        }
      }
      s.x = pt.getX();
      s.y = pt.getY();
      s.id = idc >= 0 ? text(st.rows[i][static_cast<std::size_t>(idc)]) : std::to_string(i + 1);
      s.value = vc >= 0 ? number(st.rows[i][static_cast<std::size_t>(vc)]).value_or(0.0) : 1.0;
      if (!std::isfinite(s.value) || s.value < 0) s.value = 0;
      if (mc >= 0) {
        const std::string m = text(st.rows[i][static_cast<std::size_t>(mc)]);
        s.must_visit = m == "1" || m == "true" || m == "yes" || m == "ja";
      }
      open_clock.push_back(oc >= 0 ? window_clock(st.rows[i][static_cast<std::size_t>(oc)]) : -1);
      close_clock.push_back(cc >= 0 ? window_clock(st.rows[i][static_cast<std::size_t>(cc)]) : -1);
      s.share.fill(1.0 / 24);
      p.stops.push_back(std::move(s));
    }
    // Profiles from the incidents: share of each stop's incidents per clock hour (with one
    // pseudo-incident spread over the day, so a stop without incidents is not worth 0).
    if (!o->inc.path.empty()) {
      IncidentTable all;
      RejectsSink inc_rejects;
      const io::ReadStats rs = io::read_incidents(o->inc, all, inc_rejects, ctx);
      std::uint64_t n_filtered = 0;
      const IncidentTable inc = select_incidents(std::move(all), make_filter(o->filter), ctx, o->inc.path, n_filtered);
      route::hour_profiles(inc, o->profile_radius, p.stops);
      ctx.always(summary_line(rs.read, inc.size(), 0, rs.rejected, n_filtered) + geocoded_term(rs));
    }
    // Depot.
    p.depot_x = kTownHallX;
    p.depot_y = kTownHallY;
    if (!o->depot.empty()) {
      double x, y;
      char tail;
      if (std::sscanf(o->depot.c_str(), "%lf,%lf%c", &x, &y, &tail) == 2) {
        const auto b = crs::area_of_use(st.crs);
        if (!std::isfinite(x) || !std::isfinite(y) || x < b[0] || x > b[2] || y < b[1] || y > b[3])
          throw Error(ErrorCode::Usage, fmt::format("--depot {} is not a place in {} (valid x {:.0f}..{:.0f}, y {:.0f}..{:.0f})",
                                                    o->depot, st.crs, b[0], b[2], b[1], b[3]),
                      {"", "", "--depot"}, "give X,Y in metres, e.g. --depot 207400,473990, or the name of a stop");
        p.depot_x = x;
        p.depot_y = y;
      } else {
        auto it = std::find_if(p.stops.begin(), p.stops.end(), [&](const route::Stop& s) { return s.id == o->depot; });
        if (it == p.stops.end())
          throw Error(ErrorCode::Usage, fmt::format("no stop named '{}' for the depot", o->depot), {"", "", "--depot"},
                      "give X,Y in EPSG:28992 metres or the name of a stop");
        p.depot_x = it->x;
        p.depot_y = it->y;
      }
    }
    // Travel times: straight line x detour / speed, or shortest paths on the road network.
    std::optional<route::RoadGraph> roads;
    std::vector<std::int32_t> place_node;           // 0 = depot, 1..n = stops
    std::vector<double> place_snap;                 // metres from the place to its node
    std::vector<std::vector<std::int32_t>> prevs;   // shortest-path trees per place
    if (!o->osm.empty()) {
      const io::TravelMode tm = o->mode == "car" ? io::TravelMode::Car : o->mode == "bike" ? io::TravelMode::Bike : io::TravelMode::Walk;
      roads = io::read_osm_roads(o->osm, tm);
      constexpr double kMaxSnap = 500;
      const auto [dn, dd] = route::snap(*roads, p.depot_x, p.depot_y);
      if (dn < 0 || dd > kMaxSnap)
        throw Error(ErrorCode::Usage, fmt::format("the depot lies {:.0f} m from the nearest road of the network", dd), {o->osm, "", "--depot"},
                    "give a depot on the network, or an OpenStreetMap extract that covers it");
      std::vector<route::Stop> kept;
      std::vector<int> kept_open, kept_close;
      for (std::size_t i = 0; i < p.stops.size(); ++i) {
        const route::Stop& s = p.stops[i];
        const auto [sn, sd] = route::snap(*roads, s.x, s.y);
        if (sn < 0 || sd > kMaxSnap) {
          ctx.warn("stop '{}' lies {:.0f} m from the nearest road; it is left out", s.id, sd);
          continue;
        }
        kept.push_back(s);
        kept_open.push_back(open_clock[i]);
        kept_close.push_back(close_clock[i]);
      }
      p.stops = std::move(kept);
      open_clock = std::move(kept_open);
      close_clock = std::move(kept_close);
      if (p.stops.empty()) throw Error(ErrorCode::EmptyInput, "no stop lies near the road network", {o->osm}, "check that the extract covers the stops");
      place_node.push_back(dn);
      place_snap.push_back(dd);
      for (const auto& s : p.stops) {
        const auto [sn, sd] = route::snap(*roads, s.x, s.y);
        place_node.push_back(sn);
        place_snap.push_back(sd);
      }
      const std::size_t n = place_node.size();
      const double m_per_min = speed * 1000.0 / 60.0;
      p.travel.assign(n, std::vector<double>(n, 0.0));
      std::vector<double> dist;
      prevs.resize(n);
      for (std::size_t i = 0; i < n; ++i) {
        route::dijkstra(*roads, place_node[i], dist, prevs[i]);
        for (std::size_t j = 0; j < n; ++j) {
          const double d = dist[static_cast<std::size_t>(place_node[j])];
          p.travel[i][j] = i == j ? 0.0 : (std::isfinite(d) ? (place_snap[i] + d + place_snap[j]) / m_per_min : 1e9);
        }
      }
      ctx.info("road network: {} nodes; {} stops snapped (travel at {} km/h along the roads)", roads->nodes(), p.stops.size(), speed);
    } else {
      p.travel = route::straight_line_matrix(p, speed, detour);
    }
    // A leg of a route line: straight, or along the shortest path between two places.
    auto add_point = [](OGRLineString& ls, double x, double y) {
      const int n = ls.getNumPoints();
      if (n == 0 || std::hypot(ls.getX(n - 1) - x, ls.getY(n - 1) - y) > 0.01) ls.addPoint(x, y);  // 1 cm
    };
    auto add_leg = [&](OGRLineString& ls, std::size_t from_place, std::size_t to_place, double tx, double ty) {
      if (roads) {
        for (std::int32_t v : route::path_to(prevs[from_place], place_node[to_place]))
          add_point(ls, roads->x[static_cast<std::size_t>(v)], roads->y[static_cast<std::size_t>(v)]);
      }
      add_point(ls, tx, ty);
    };

    std::filesystem::create_directories(o->out);
    const crs::Transform to_wgs("EPSG:28992", "EPSG:4326");
    Table lines;
    lines.fields = {{"team", FieldType::Integer}, {"day", FieldType::Integer}, {"n_stops", FieldType::Integer},
                    {"value", FieldType::Real},   {"start", FieldType::String}, {"end", FieldType::String},
                    {"minutes", FieldType::Real}};
    Table stop_pts;
    stop_pts.fields = {{"team", FieldType::Integer}, {"day", FieldType::Integer}, {"seq", FieldType::Integer},
                       {"stop_id", FieldType::String}, {"arrival", FieldType::String}, {"departure", FieldType::String},
                       {"value", FieldType::Real}};
    std::string csv = "team,seq,stop_id,arrival,departure,value";
    csv += o->days > 1 ? ",day\n" : "\n";
    std::vector<int> times_visited(p.stops.size(), 0);
    std::vector<double> base_value;
    for (const auto& s : p.stops) base_value.push_back(s.value);
    double total_value = 0;
    for (int day = 1; day <= o->days; ++day) {
      p.shift_len_min = day_len_min(day);
      for (std::size_t i = 0; i < p.stops.size(); ++i) {
        route::Stop& s = p.stops[i];
        s.value = base_value[i] * std::pow(0.5, times_visited[i]);
        s.open_min = open_clock[i] < 0 ? -1 : elapsed_at_clock(day, open_clock[i]);
        s.close_min = close_clock[i] < 0 ? -1 : elapsed_at_clock(day, close_clock[i]);
        if (s.close_min == 0) s.close_min = p.shift_len_min;
      }
      route::SolveConfig sc;
      sc.seed = o->seed + static_cast<std::uint64_t>(day - 1);
      sc.iterations = o->iterations;
      sc.time_limit_s = o->time_limit;
      const route::Solution sol = route::solve(p, sc);
      const route::Solution base = route::greedy(p);
      total_value += sol.value;
      for (std::size_t t = 0; t < sol.routes.size(); ++t) {
        const route::Route& r = sol.routes[t];
        const int team = static_cast<int>(t) + 1;
        const std::string dsuf = o->days > 1 ? fmt::format(",{}", day) : "";
        csv += fmt::format("{},0,depot,{},{},0{}\n", team, clk(day, 0), clk(day, 0), dsuf);
        auto* ls_geom = new OGRLineString();
        ls_geom->addPoint(p.depot_x, p.depot_y);
        std::size_t at_place = 0;
        int seq = 1;
        for (const auto& v : r.visits) {
          const auto& s = p.stops[static_cast<std::size_t>(v.stop)];
          ++times_visited[static_cast<std::size_t>(v.stop)];
          csv += fmt::format("{},{},{},{},{},{:.4f}{}\n", team, seq++, io::csv_cell(Value(s.id)),
                             clk(day, v.arrive_min), clk(day, v.depart_min), v.value, dsuf);
          add_leg(*ls_geom, at_place, static_cast<std::size_t>(v.stop) + 1, s.x, s.y);
          at_place = static_cast<std::size_t>(v.stop) + 1;
          stop_pts.rows.push_back({Value(std::int64_t(team)), Value(std::int64_t(day)), Value(std::int64_t(seq - 1)), Value(s.id),
                                   Value(clk(day, v.arrive_min)),
                                   Value(clk(day, v.depart_min)), Value(v.value)});
          stop_pts.geometries.emplace_back(new OGRPoint(s.x, s.y));
        }
        add_leg(*ls_geom, at_place, 0, p.depot_x, p.depot_y);
        csv += fmt::format("{},{},depot,{},{},0{}\n", team, seq, clk(day, r.end_min),
                           clk(day, r.end_min), dsuf);
        lines.rows.push_back({Value(std::int64_t(team)), Value(std::int64_t(day)), Value(std::int64_t(r.visits.size())), Value(r.value),
                              Value(clk(day, 0)), Value(clk(day, r.end_min)),
                              Value(r.end_min)});
        lines.geometries.emplace_back(ls_geom);
        // GPX for phones: waypoints in visiting order and the track.
        std::string gpx = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<gpx version=\"1.1\" creator=\"hotspot " HOTSPOT_VERSION "\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n";
        auto lonlat = [&](double x, double y) {
          to_wgs.forward(x, y);
          return std::pair<double, double>(x, y);
        };
        auto [dlon, dlat] = lonlat(p.depot_x, p.depot_y);
        // With --date, waypoints carry their planned time (UTC, as GPX wants).
        auto gpx_time = [&](double minutes_after) -> std::string {
          if (date_local == kNoTime) return {};
          return "<time>" + format_iso8601(day_start_utc(day) + std::llround(minutes_after * 60.0)) + "Z</time>";
        };
        gpx += fmt::format("  <wpt lat=\"{:.7f}\" lon=\"{:.7f}\">{}<name>0 depot</name><desc>start {}</desc></wpt>\n", dlat, dlon,
                           gpx_time(0), clk(day, 0));
        int k = 1;
        for (const auto& v : r.visits) {
          const auto& s = p.stops[static_cast<std::size_t>(v.stop)];
          auto [lon, lat] = lonlat(s.x, s.y);
          gpx += fmt::format("  <wpt lat=\"{:.7f}\" lon=\"{:.7f}\">{}<name>{} {}</name><desc>{} - {}</desc></wpt>\n", lat, lon,
                             gpx_time(v.arrive_min), k++, xml(s.id), clk(day, v.arrive_min),
                             clk(day, v.depart_min));
        }
        gpx += fmt::format("  <trk><name>team {}{}</name><trkseg>\n", team, o->days > 1 ? fmt::format(" day {}", day) : "");
        for (int q = 0; q < ls_geom->getNumPoints(); ++q) {
          auto [lon, lat] = lonlat(ls_geom->getX(q), ls_geom->getY(q));
          gpx += fmt::format("    <trkpt lat=\"{:.7f}\" lon=\"{:.7f}\"/>\n", lat, lon);
        }
        gpx += "  </trkseg></trk>\n</gpx>\n";
        write_file_atomically(std::filesystem::path(o->out) /
                                  (day == 1 ? fmt::format("team_{}.gpx", team) : fmt::format("team_{}_day{}.gpx", team, day)),
                              gpx);
        ctx.info("day {} team {}: {} stops, value {:.2f}, back at {}", day, team, r.visits.size(), r.value,
                 clk(day, r.end_min));
      }
      ctx.info("day {}: value {:.2f} (greedy baseline {:.2f})", day, sol.value, base.value);
    }
    io::write_table(lines, std::filesystem::path(o->out) / "routes.geojson");
    io::write_table(stop_pts, std::filesystem::path(o->out) / "stops.geojson");
    write_file_atomically(std::filesystem::path(o->out) / "schedule.csv", csv);
    ctx.info("routes: {} team(s) x {} day(s), {} candidate stops, total value {:.2f}; written to {}", o->teams, o->days,
             p.stops.size(), total_value, o->out);
    return 0;
  };
}

}  // namespace hotspot::cli
