#include "hotspot/route/step.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <tuple>

#include <fmt/format.h>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/csv.hpp"
#include "hotspot/io/gpx.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/route/network.hpp"
#include "hotspot/route/osm.hpp"
#include "hotspot/route/route.hpp"

namespace hotspot::route {

namespace {

std::string text(const Value& v) {
  return value_text(v);
}
std::optional<double> number(const Value& v) {
  return value_number(v);
}
int find_field(const Table& t, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (int i = t.field_index(n); i >= 0) return i;
  return -1;
}

struct Checked {
  int days = 1;
  step::FilterSpec filter;
};

Checked check(const RouteConfig& c) {
  Problem p;
  parse_shift(c.shift, p.shift_start_min, p.shift_len_min);
  {
    const std::filesystem::path d = c.out;
    std::vector<NamedPath> outs{{"--out", d / "routes.geojson"},
                                {"--out", d / "stops.geojson"},
                                {"--out", d / "schedule.csv"}};
    for (int t = 1; t <= c.teams; ++t)
      outs.emplace_back("--out", d / fmt::format("team_{}.gpx", t));
    check_output_paths(
        {{"--stops", c.stops.path}, {"--incidents", c.incidents.path}, {"--osm", c.osm}}, outs);
  }
  if (c.teams < 1 || c.teams > 50)
    throw Error(ErrorCode::Usage, "--teams must be 1..50", {"", "", "--teams"});
  if (!(c.dwell >= 0) || !(c.dwell < 1440))
    throw Error(ErrorCode::Usage,
                fmt::format("--dwell-min {} is not a number of minutes from 0 up to 1440", c.dwell),
                {"", "", "--dwell-min"}, "e.g. --dwell-min 15");
  // --days is the number of shifts (the first wave's contract) or, written as day names,
  // the same day filter as every other command's --days.
  Checked k;
  k.filter = c.filter;
  if (!c.days_text.empty()) {
    if (std::all_of(c.days_text.begin(), c.days_text.end(),
                    [](unsigned char ch) { return std::isdigit(ch); })) {
      k.days = c.days_text.size() > 3 ? 1000 : std::stoi(c.days_text);
    } else {
      if (!c.filter.days.empty())
        throw Error(ErrorCode::Usage, "--days (as day names) and --weekdays both select days",
                    {"", "", "--days"}, "give one of them");
      k.filter.days = c.days_text;
    }
  }
  if (k.days < 1 || k.days > 31)
    throw Error(ErrorCode::Usage, "--days must be 1..31", {"", "", "--days"});
  if (c.given.count("speed-kmh") > 0 && !(c.speed > 0 && c.speed <= 200))
    throw Error(
        ErrorCode::Usage,
        fmt::format("--speed-kmh {} is not a travel speed (above 0, at most 200 km/h)", c.speed),
        {"", "", "--speed-kmh"},
        "e.g. --speed-kmh 5 on foot, 15 by bike; or leave it out and give --mode");
  if (c.given.count("detour") > 0 && !(c.detour >= 1 && c.detour <= 10))
    throw Error(ErrorCode::Usage, fmt::format("--detour {} is not a factor from 1 to 10", c.detour),
                {"", "", "--detour"},
                "the travelled distance is at least the straight line: e.g. --detour 1.3");
  if (!(c.time_limit > 0) || !(c.time_limit <= 86400))
    throw Error(ErrorCode::Usage,
                fmt::format("--time-limit-s {} is not a number of seconds above 0", c.time_limit),
                {"", "", "--time-limit-s"}, "e.g. --time-limit-s 10");
  if (c.iterations < 0)
    throw Error(ErrorCode::Usage, "--iterations cannot be negative", {"", "", "--iterations"},
                "e.g. --iterations 2000");
  (void)k.filter.make();
  if (!c.date.empty()) (void)parse_date_option(c.date, "--date");
  return k;
}

}  // namespace

void declare(OptionSet& s, RouteConfig& c) {
  s.text("stops", &c.stops.path,
         "Candidate stops: named places, hotspot areas, scored locations (points or polygons)")
      .required()
      .input()
      .format("vector");
  s.text("stops-layer", &c.stops.layer, "Layer of a multi-layer source");
  s.text("value-col", &c.value_col,
         "Stop value column (auto: score, value, gi_z, n_incidents, share_incidents; else 1)")
      .column("stops");
  step::declare_incidents(s, c.incidents,
                          false);  // the incidents: the hour-of-day profile of each stop
  s.number("profile-radius-m", &c.profile_radius,
           "Incidents within this distance of a stop make its profile")
      .unit("m")
      .above(0);
  s.text(
      "depot", &c.depot,
      "Start and end: X,Y in the working CRS or the name of a stop (default: the profile's depot)");
  s.text("end", &c.end,
         "Where the shift ends when not back at the start: X,Y in the working CRS, lon,lat, or the "
         "name of a stop (default: the depot)");
  s.text("name-col", &c.name_col,
         "Column with the stops' names for the schedule and the GPX (default: name or naam)")
      .column("stops");
  s.text("shift", &c.shift, "HH:MM-HH:MM, e.g. 18:00-23:00 or 20:00-02:00").required();
  s.text("window-bounds", &c.window_bounds,
         "What a stop's tw_open/tw_close bound: end (the whole visit lies inside) or start (the "
         "visit starts inside, and may run past the close)")
      .choices({"end", "start"});
  s.text("break", &c.break_text,
         "A break per team: HH:MM-HH:MM,MIN = MIN minutes starting inside that window, on the way "
         "or at a stop (e.g. 20:30-21:30,30)");
  s.text("date", &c.date, "Date of the shift (YYYY-MM-DD), for the GPX times");
  s.integer("teams", &c.teams, "Number of teams").range(1, 50);
  s.number("dwell-min", &c.dwell,
           "Minutes at each stop (15: the duration hot spot policing studies found effective; 0: "
           "driving past); a stop's own `dwell_min` column wins")
      .unit("min");
  s.text("mode", &c.mode, "walk (5 km/h), bike (15 km/h) or car (30 km/h)")
      .choices({"walk", "bike", "car"});
  s.number("speed-kmh", &c.speed, "Travel speed (overrides --mode)").unit("km/h").def("");
  s.number("detour", &c.detour,
           "Straight-line distance x this = travelled distance (default 1.3, car 1.4)")
      .def("");
  s.text("osm", &c.osm,
         "Road network (OpenStreetMap .osm XML): travel and lines follow the streets")
      .input()
      .format("file");
  s.number("time-limit-s", &c.time_limit, "Search time limit").unit("s");
  s.integer("iterations", &c.iterations,
            "Search iterations (reproducible when these, not the time, end it)")
      .at_least(0);
  s.integer("seed", &c.seed, "Seed of the search");
  s.text("days", &c.days_text,
         "A number: plan this many shifts, a stop visited recently worth less (patrols vary); day "
         "names "
         "(fri,sat): only incidents on these days make the profiles, as --weekdays");
  s.text("out", &c.out, "Output folder: routes.geojson, schedule.csv, team_<n>.gpx")
      .required()
      .output_folder()
      .group("output")
      .format("folder");
  step::declare_filter(s, c.filter, "weekdays");  // --days is the number of shifts here
  publish::declare(s, c.publication);
}

void validate(const RouteConfig& c, const step::Env&) {
  publish::validate(c.publication);
  publish::refuse_incidents_as_places(c.publication, c.stops.path, c.incidents.path, "--stops");
  (void)check(c);
}

void run(const RouteConfig& c, step::Env& env) {
  RunContext& ctx = env.ctx;
  const Checked k = check(c);
  Problem p;
  parse_shift(c.shift, p.shift_start_min, p.shift_len_min);
  const int clock_len_min = p.shift_len_min;
  // With --date the shift is a real stretch of time: its start and end are Amsterdam wall
  // clocks, so a shift over a DST change is an hour shorter or longer than its clock says,
  // schedule times are the wall clock at each planned instant, GPX times those instants in UTC.
  const std::int64_t date_local = c.date.empty() ? kNoTime : parse_date_option(c.date, "--date");
  auto day_start_utc = [&](int day) {
    return utc_from_local(date_local + (day - 1) * 86400 + std::int64_t{p.shift_start_min} * 60);
  };
  auto day_len_min = [&](int day) {
    if (date_local == kNoTime) return clock_len_min;
    const std::int64_t end_local =
        date_local + (day - 1) * 86400 + std::int64_t{p.shift_start_min + clock_len_min} * 60;
    return static_cast<int>((utc_from_local(end_local) - day_start_utc(day)) / 60);
  };
  // Minutes after the day's shift start at which the wall clock shows `clock_min`.
  auto elapsed_at_clock = [&](int day, int clock_min) -> int {
    const int naive = (clock_min - p.shift_start_min + 1440) % 1440;
    if (date_local == kNoTime) return naive;
    const std::int64_t local =
        date_local + (day - 1) * 86400 + std::int64_t{p.shift_start_min + naive} * 60;
    return static_cast<int>((utc_from_local(local) - day_start_utc(day)) / 60);
  };
  auto clk = [&](int day, double minutes_after) -> std::string {
    if (date_local == kNoTime) return clock(p.shift_start_min, minutes_after);
    const std::int64_t local =
        local_from_utc(day_start_utc(day) + std::llround(minutes_after * 60.0));
    return format_iso8601(local).substr(11);
  };
  p.teams = c.teams;
  p.dwell_min = c.dwell;
  p.window_bounds_start = c.window_bounds == "start";
  int break_open_clock = -1, break_close_clock = -1;
  if (!c.break_text.empty()) {
    int h1, m1, h2, m2;
    double minutes;
    char tail;
    if (std::sscanf(c.break_text.c_str(), "%d:%d-%d:%d,%lf%c", &h1, &m1, &h2, &m2, &minutes,
                    &tail) != 5 ||
        h1 < 0 || h1 > 23 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 || m2 < 0 || m2 > 59 ||
        !(minutes > 0) || !(minutes < 1440))
      throw Error(ErrorCode::Usage, fmt::format("--break {} is not a break", c.break_text),
                  {"", "", "--break"},
                  "give the window in which the break starts and its minutes: --break "
                  "20:30-21:30,30");
    break_open_clock = h1 * 60 + m1;
    break_close_clock = (h2 * 60 + m2) % 1440;
    p.break_min = minutes;
  }
  const double speed = c.speed > 0 ? c.speed : (c.mode == "car" ? 30 : c.mode == "bike" ? 15 : 5);
  const double detour = c.detour > 0 ? c.detour : (c.mode == "car" ? 1.4 : 1.3);

  // Stops.
  RejectsSink rejects;
  io::LocationStats loc_stats;
  io::LocationSourceConfig sc_in = c.stops;
  Table st = step::read_locations(sc_in, rejects, loc_stats, env);
  if (st.size() == 0)
    throw Error(ErrorCode::EmptyInput, "no candidate stops", {c.stops.path},
                "give a layer with points or polygons");
  const int idc =
      find_field(st, {"stop_id", "name", "naam", "id", "hotspot_id", "cell_id", "loc_id"});
  const int vc = c.value_col.empty()
                     ? find_field(st, {"score", "value", "gi_z", "n_incidents", "share_incidents"})
                     : st.field_index(c.value_col);
  if (!c.value_col.empty() && vc < 0)
    throw Error(ErrorCode::InputFormat, fmt::format("no column '{}'", c.value_col),
                {c.stops.path, "", c.value_col}, "name an existing column with --value-col");
  const int mc = find_field(st, {"must_visit"});
  const int nc = c.name_col.empty() ? find_field(st, {"name", "naam"}) : st.field_index(c.name_col);
  if (!c.name_col.empty() && nc < 0)
    throw Error(ErrorCode::InputFormat, fmt::format("no column '{}'", c.name_col),
                {c.stops.path, "", c.name_col}, "name an existing column with --name-col");
  const int dc = find_field(st, {"dwell_min"});
  const int oc = find_field(st, {"tw_open"}), cc = find_field(st, {"tw_close"});
  auto window_clock = [&](const Value& v) -> int {  // clock minute, or -1
    const std::string s = text(v);
    int h, m;
    if (s.empty() || std::sscanf(s.c_str(), "%d:%d", &h, &m) != 2 || h < 0 || h > 24 || m < 0 ||
        m > 59)
      return -1;
    return (h * 60 + m) % 1440;
  };
  std::vector<int> open_clock, close_clock;
  for (std::size_t i = 0; i < st.size(); ++i) {
    Stop s;
    const OGRPoint pt = step::representative_point(*st.geometries[i]);
    s.x = pt.getX();
    s.y = pt.getY();
    s.id = idc >= 0 ? text(st.rows[i][static_cast<std::size_t>(idc)]) : std::to_string(i + 1);
    s.value = vc >= 0 ? number(st.rows[i][static_cast<std::size_t>(vc)]).value_or(0.0) : 1.0;
    if (!std::isfinite(s.value) || s.value < 0) s.value = 0;
    s.name = nc >= 0 ? text(st.rows[i][static_cast<std::size_t>(nc)]) : "";
    if (s.name.empty()) s.name = s.id;
    if (dc >= 0) {  // the stop's own visit length; empty = --dwell-min
      const Value& dv = st.rows[i][static_cast<std::size_t>(dc)];
      if (!std::holds_alternative<std::monostate>(dv) && !text(dv).empty()) {
        const auto d = number(dv);
        if (!d || !(*d >= 0) || !(*d < 1440))
          throw Error(
              ErrorCode::InputFormat,
              fmt::format("stop '{}' has dwell_min '{}', not a number of minutes", s.id, text(dv)),
              {c.stops.path, "", "dwell_min"},
              "give minutes from 0 (driving past) up to 1440, or leave it empty for "
              "--dwell-min");
        s.dwell_min = *d;
      }
    }
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
  if (!c.incidents.path.empty()) {
    IncidentTable all;
    RejectsSink inc_rejects;
    const io::ReadStats rs = step::read_incidents(c.incidents, all, inc_rejects, env);
    std::uint64_t n_filtered = 0;
    const IncidentTable inc =
        step::select_incidents(std::move(all), k.filter.make(), ctx, c.incidents.path, n_filtered);
    hour_profiles(inc, c.profile_radius, p.stops);
    ctx.always(step::summary_line(rs.read, inc.size(), 0, rs.rejected, n_filtered) +
               step::geocoded_term(rs));
  }
  // Depot.
  const std::string depot = c.depot.empty() ? env.profile.depot : c.depot;
  if (depot.empty())
    throw Error(ErrorCode::Usage, fmt::format("the profile {} names no depot", env.profile.name),
                {env.profile.file.string(), "depot", "xy"},
                "give --depot X,Y or the name of a stop");
  // A place: X,Y in the working CRS, lon,lat, or the name of a stop.
  auto place = [&](const std::string& text_in, const char* option) -> std::pair<double, double> {
    double x, y;
    char tail;
    if (std::sscanf(text_in.c_str(), "%lf,%lf%c", &x, &y, &tail) == 2) {
      const auto b = crs::area_of_use(st.crs);
      const bool in_crs =
          std::isfinite(x) && std::isfinite(y) && x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
      if (!in_crs && std::abs(x) <= 180 && std::abs(y) <= 90) {  // lon,lat
        const crs::Transform from_wgs("EPSG:4326", st.crs);
        double px = x, py = y;
        from_wgs.forward(px, py);
        if (std::isfinite(px) && std::isfinite(py) && px >= b[0] && px <= b[2] && py >= b[1] &&
            py <= b[3])
          return {px, py};
      }
      if (!in_crs)
        throw Error(ErrorCode::Usage,
                    fmt::format("{} {} is not a place in {} (valid x {:.0f}..{:.0f}, y "
                                "{:.0f}..{:.0f}) nor a lon,lat inside it",
                                option, text_in, st.crs, b[0], b[2], b[1], b[3]),
                    {"", "", option},
                    fmt::format("give X,Y in metres, e.g. {} 207400,473990, lon,lat, e.g. "
                                "6.1552,52.2551, or the name of a stop",
                                option));
      return {x, y};
    }
    auto it = std::find_if(p.stops.begin(), p.stops.end(),
                           [&](const Stop& s) { return s.id == text_in || s.name == text_in; });
    if (it == p.stops.end())
      throw Error(ErrorCode::Usage, fmt::format("no stop named '{}' for {}", text_in, option),
                  {"", "", option},
                  fmt::format("give X,Y in {} metres, lon,lat or the name of a stop", st.crs));
    return {it->x, it->y};
  };
  std::tie(p.depot_x, p.depot_y) = place(depot, "--depot");
  const bool has_end = !c.end.empty();
  if (has_end) std::tie(p.end_x, p.end_y) = place(c.end, "--end");
  // Travel times: straight line x detour / speed, or shortest paths on the road network.
  std::optional<RoadGraph> roads;
  std::vector<std::int32_t> place_node;          // 0 = depot, 1..n = stops
  std::vector<double> place_snap;                // metres from the place to its node
  std::vector<std::vector<std::int32_t>> prevs;  // shortest-path trees per place
  if (!c.osm.empty()) {
    const TravelMode tm = c.mode == "car"    ? TravelMode::Car
                          : c.mode == "bike" ? TravelMode::Bike
                                             : TravelMode::Walk;
    roads = read_osm_roads(c.osm, tm, env.profile.working_crs);
    constexpr double kMaxSnap = 500;
    const auto [dn, dd] = snap(*roads, p.depot_x, p.depot_y);
    if (dn < 0 || dd > kMaxSnap)
      throw Error(ErrorCode::Usage,
                  fmt::format("the depot lies {:.0f} m from the nearest road of the network", dd),
                  {c.osm, "", "--depot"},
                  "give a depot on the network, or an OpenStreetMap extract that covers it");
    std::vector<Stop> kept;
    std::vector<int> kept_open, kept_close;
    for (std::size_t i = 0; i < p.stops.size(); ++i) {
      const Stop& s = p.stops[i];
      const auto [sn, sd] = snap(*roads, s.x, s.y);
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
    if (p.stops.empty())
      throw Error(ErrorCode::EmptyInput, "no stop lies near the road network", {c.osm},
                  "check that the extract covers the stops");
    place_node.push_back(dn);
    place_snap.push_back(dd);
    for (const auto& s : p.stops) {
      const auto [sn, sd] = snap(*roads, s.x, s.y);
      place_node.push_back(sn);
      place_snap.push_back(sd);
    }
    if (has_end) {  // the end point as the last place
      const auto [en, ed] = snap(*roads, p.end_x, p.end_y);
      if (en < 0 || ed > kMaxSnap)
        throw Error(ErrorCode::Usage,
                    fmt::format("the end point lies {:.0f} m from the nearest road", ed),
                    {c.osm, "", "--end"},
                    "give an end on the network, or an OpenStreetMap extract that covers it");
      place_node.push_back(en);
      place_snap.push_back(ed);
    }
    const std::size_t n = place_node.size();
    const double m_per_min = speed * 1000.0 / 60.0;
    p.travel.assign(n, std::vector<double>(n, 0.0));
    std::vector<double> dist;
    prevs.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      dijkstra(*roads, place_node[i], dist, prevs[i]);
      for (std::size_t j = 0; j < n; ++j) {
        const double d = dist[static_cast<std::size_t>(place_node[j])];
        p.travel[i][j] =
            i == j ? 0.0
                   : (std::isfinite(d) ? (place_snap[i] + d + place_snap[j]) / m_per_min : 1e9);
      }
    }
    if (has_end) {  // split off the end's column: the solver's matrix is depot + stops
      p.travel_end.resize(n - 1);
      for (std::size_t i = 0; i + 1 < n; ++i) p.travel_end[i] = p.travel[i][n - 1];
      p.travel.pop_back();
      for (auto& row : p.travel) row.pop_back();
    }
    ctx.info("road network: {} nodes; {} stops snapped (travel at {} km/h along the roads)",
             roads->nodes(), p.stops.size(), speed);
  } else {
    p.travel = straight_line_matrix(p, speed, detour);
    if (has_end) {
      const double m_per_min = speed * 1000.0 / 60.0;
      p.travel_end.push_back(std::hypot(p.depot_x - p.end_x, p.depot_y - p.end_y) * detour /
                             m_per_min);
      for (const auto& s : p.stops)
        p.travel_end.push_back(std::hypot(s.x - p.end_x, s.y - p.end_y) * detour / m_per_min);
    }
  }
  const std::size_t end_place = p.stops.size() + 1;  // in the road network's places
  if (p.to_end(0) > 1e8)
    throw Error(ErrorCode::Usage, "the end point cannot be reached from the depot by road",
                {c.osm, "", "--end"}, "give an end connected to the depot's roads");
  // A leg of a route line: straight, or along the shortest path between two places.
  auto add_point = [](OGRLineString& ls, double x, double y) {
    const int n = ls.getNumPoints();
    if (n == 0 || std::hypot(ls.getX(n - 1) - x, ls.getY(n - 1) - y) > 0.01)
      ls.addPoint(x, y);  // 1 cm
  };
  auto add_leg = [&](OGRLineString& ls, std::size_t from_place, std::size_t to_place, double tx,
                     double ty) {
    if (roads) {
      for (std::int32_t v : path_to(prevs[from_place], place_node[to_place]))
        add_point(ls, roads->x[static_cast<std::size_t>(v)], roads->y[static_cast<std::size_t>(v)]);
    }
    add_point(ls, tx, ty);
  };

  // The break's window in minutes after each day's start, inside the shift.
  auto break_window = [&](int day) -> std::pair<int, int> {
    const int len = day_len_min(day);
    const int naive_open = (break_open_clock - p.shift_start_min + 1440) % 1440,
              naive_close = (break_close_clock - p.shift_start_min + 1440) % 1440;
    if (naive_open > clock_len_min || naive_close > clock_len_min || naive_close < naive_open)
      throw Error(ErrorCode::Usage,
                  fmt::format("the break window of --break {} lies outside the {} shift",
                              c.break_text, c.shift),
                  {"", "", "--break"},
                  "give a window inside the shift, e.g. --break 20:30-21:30,30 for 19:00-23:00");
    const int open = elapsed_at_clock(day, break_open_clock),
              close = elapsed_at_clock(day, break_close_clock);
    if (open + p.break_min > len)
      throw Error(ErrorCode::Usage,
                  fmt::format("a {:.0f}-minute break from {} does not end within the shift",
                              p.break_min, c.break_text.substr(0, 5)),
                  {"", "", "--break"}, "open the window earlier or shorten the break");
    return {open, close};
  };
  for (int day = 1; day <= k.days && p.break_min > 0; ++day) (void)break_window(day);
  for (int day = 1; day <= k.days; ++day)  // before anything is written
    if (p.to_end(0) > day_len_min(day))
      throw Error(ErrorCode::Usage,
                  fmt::format("the end point is {:.0f} minutes from the start, longer than the "
                              "{}-minute shift",
                              p.to_end(0), day_len_min(day)),
                  {"", "", "--end"}, "lengthen the shift or give an end closer to the depot");
  std::filesystem::create_directories(c.out);
  const crs::Transform to_wgs(st.crs, "EPSG:4326");
  Table lines;
  lines.fields = {{"team", FieldType::Integer},    {"day", FieldType::Integer},
                  {"n_stops", FieldType::Integer}, {"value", FieldType::Real},
                  {"start", FieldType::String},    {"end", FieldType::String},
                  {"minutes", FieldType::Real}};
  Table stop_pts;
  stop_pts.fields = {{"team", FieldType::Integer},   {"day", FieldType::Integer},
                     {"seq", FieldType::Integer},    {"stop_id", FieldType::String},
                     {"arrival", FieldType::String}, {"departure", FieldType::String},
                     {"value", FieldType::Real}};
  std::string csv = "team,seq,stop_id,arrival,departure,value";
  csv += k.days > 1 ? ",day,name\n" : ",name\n";
  const std::string depot_name =
      c.depot.empty() ? env.profile.depot_name : io::csv_cell(Value(c.depot));
  const std::string end_name = has_end ? io::csv_cell(Value(c.end)) : depot_name;
  std::vector<int> times_visited(p.stops.size(), 0);
  // Published: the stop values (scores, counts) to 2 significant digits, as the score layer.
  if (c.publication.published())
    for (auto& s : p.stops) s.value = publish::round_significant(s.value, 2);
  std::vector<double> base_value;
  for (const auto& s : p.stops) base_value.push_back(s.value);
  double total_value = 0;
  for (int day = 1; day <= k.days; ++day) {
    p.shift_len_min = day_len_min(day);
    if (p.break_min > 0) std::tie(p.break_open, p.break_close) = break_window(day);
    for (std::size_t i = 0; i < p.stops.size(); ++i) {
      Stop& s = p.stops[i];
      s.value = base_value[i] * std::pow(0.5, times_visited[i]);
      s.open_min = open_clock[i] < 0 ? -1 : elapsed_at_clock(day, open_clock[i]);
      s.close_min = close_clock[i] < 0 ? -1 : elapsed_at_clock(day, close_clock[i]);
      if (s.close_min == 0) s.close_min = p.shift_len_min;
    }
    SolveConfig sc;
    sc.seed = c.seed + static_cast<std::uint64_t>(day - 1);
    sc.iterations = c.iterations;
    sc.time_limit_s = c.time_limit;
    p.prepare();
    const Solution sol = solve(p, sc);
    const Solution base = greedy(p);
    total_value += sol.value;
    for (std::size_t t = 0; t < sol.routes.size(); ++t) {
      const Route& r = sol.routes[t];
      const int team = static_cast<int>(t) + 1;
      const std::string dsuf = k.days > 1 ? fmt::format(",{}", day) : "";
      csv += fmt::format("{},0,depot,{},{},0{},{}\n", team, clk(day, 0), clk(day, 0), dsuf,
                         depot_name);
      auto ls_geom = std::make_unique<OGRLineString>();
      ls_geom->addPoint(p.depot_x, p.depot_y);
      std::size_t at_place = 0;
      int seq = 1;
      auto break_row = [&](std::size_t before) {
        if (r.break_start < 0 || static_cast<std::size_t>(r.break_before) != before) return;
        csv += fmt::format("{},{},break,{},{},0{},break\n", team, seq - 1, clk(day, r.break_start),
                           clk(day, r.break_start + p.break_min), dsuf);
      };
      for (const auto& v : r.visits) {
        break_row(static_cast<std::size_t>(seq - 1));
        const auto& s = p.stops[static_cast<std::size_t>(v.stop)];
        ++times_visited[static_cast<std::size_t>(v.stop)];
        csv += fmt::format("{},{},{},{},{},{:.4f}{},{}\n", team, seq++, io::csv_cell(Value(s.id)),
                           clk(day, v.arrive_min), clk(day, v.depart_min), v.value, dsuf,
                           io::csv_cell(Value(s.name)));
        add_leg(*ls_geom, at_place, static_cast<std::size_t>(v.stop) + 1, s.x, s.y);
        at_place = static_cast<std::size_t>(v.stop) + 1;
        stop_pts.rows.push_back({Value(std::int64_t(team)), Value(std::int64_t(day)),
                                 Value(std::int64_t(seq - 1)), Value(s.id),
                                 Value(clk(day, v.arrive_min)), Value(clk(day, v.depart_min)),
                                 Value(v.value)});
        stop_pts.geometries.emplace_back(std::make_unique<OGRPoint>(s.x, s.y).release());
      }
      break_row(r.visits.size());
      if (has_end)
        add_leg(*ls_geom, at_place, end_place, p.end_x, p.end_y);
      else
        add_leg(*ls_geom, at_place, 0, p.depot_x, p.depot_y);
      csv += fmt::format("{},{},{},{},{},0{},{}\n", team, seq, has_end ? "end" : "depot",
                         clk(day, r.end_min), clk(day, r.end_min), dsuf, end_name);
      lines.rows.push_back({Value(std::int64_t(team)), Value(std::int64_t(day)),
                            Value(std::int64_t(r.visits.size())), Value(r.value),
                            Value(clk(day, 0)), Value(clk(day, r.end_min)), Value(r.end_min)});
      const OGRLineString& track = *ls_geom;
      lines.geometries.emplace_back(ls_geom.release());
      // GPX for phones: waypoints in visiting order and the track.
      auto lonlat = [&](double x, double y) {
        to_wgs.forward(x, y);
        return std::pair<double, double>(x, y);
      };
      // With --date, waypoints carry their planned time (UTC, as GPX wants).
      auto gpx_time = [&](double minutes_after) -> std::string {
        if (date_local == kNoTime) return {};
        return format_iso8601(day_start_utc(day) + std::llround(minutes_after * 60.0)) + "Z";
      };
      io::GpxDocument doc;
      doc.creator = "hotspot " HOTSPOT_VERSION;
      {
        const auto [dlon, dlat] = lonlat(p.depot_x, p.depot_y);
        doc.waypoints.push_back({dlon, dlat, gpx_time(0), "0 depot", "start " + clk(day, 0)});
      }
      int k_wp = 1;
      for (const auto& v : r.visits) {
        const auto& s = p.stops[static_cast<std::size_t>(v.stop)];
        const auto [lon, lat] = lonlat(s.x, s.y);
        doc.waypoints.push_back({lon, lat, gpx_time(v.arrive_min),
                                 fmt::format("{} {}", k_wp++, s.name),
                                 clk(day, v.arrive_min) + " - " + clk(day, v.depart_min)});
      }
      if (has_end) {
        const auto [elon, elat] = lonlat(p.end_x, p.end_y);
        doc.waypoints.push_back({elon, elat, gpx_time(r.end_min), fmt::format("{} end", k_wp),
                                 "end " + clk(day, r.end_min)});
      }
      doc.track_name =
          fmt::format("team {}{}", team, k.days > 1 ? fmt::format(" day {}", day) : "");
      for (int q = 0; q < track.getNumPoints(); ++q)
        doc.track.push_back(lonlat(track.getX(q), track.getY(q)));
      const std::string gpx = io::gpx_text(doc);
      write_file_atomically(
          std::filesystem::path(c.out) / (day == 1 ? fmt::format("team_{}.gpx", team)
                                                   : fmt::format("team_{}_day{}.gpx", team, day)),
          gpx);
      ctx.info("day {} team {}: {} stops, value {:.2f}, {} at {}", day, team, r.visits.size(),
               r.value, has_end ? "at the end" : "back", clk(day, r.end_min));
    }
    ctx.info("day {}: value {:.2f} (greedy baseline {:.2f})", day, sol.value, base.value);
  }
  // Stops are places (the stop layer), never incidents: the description says they are published.
  const io::WriteOptions wo{"", {}, c.publication.description()};
  step::write_table(env, lines, std::filesystem::path(c.out) / "routes.geojson", wo);
  step::write_table(env, stop_pts, std::filesystem::path(c.out) / "stops.geojson", wo);
  write_file_atomically(std::filesystem::path(c.out) / "schedule.csv", csv);
  ctx.info("routes: {} team(s) x {} day(s), {} candidate stops, total value {:.2f}; written to {}",
           c.teams, k.days, p.stops.size(), total_value, c.out);
}

}  // namespace hotspot::route
