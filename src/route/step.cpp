#include "hotspot/route/step.hpp"

#include <algorithm>
#include <chrono>
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
#include "hotspot/io/addresses.hpp"
#include "hotspot/io/csv.hpp"
#include "hotspot/io/gpx.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/route/network.hpp"
#include "hotspot/route/osm.hpp"
#include "hotspot/route/route.hpp"
#include "hotspot/route/shift.hpp"

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
    check_output_paths({{"--stops", c.stops.path},
                        {"--incidents", c.incidents.path},
                        {"--osm", c.osm},
                        {"--teams-file", c.teams_file}},
                       outs);
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
  (void)parse_break(c.break_text, "--break");
  if (!c.teams_file.empty() && c.given.count("teams") > 0)
    throw Error(ErrorCode::Usage, "--teams and --teams-file both give the teams",
                {"", "", "--teams-file"}, "give one of them: the teams file lists every team");
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
  s.text("depot", &c.depot,
         "Start and end: X,Y in the working CRS, lon,lat, the name of a stop, or an address with "
         "--addresses (default: the profile's depot)");
  s.text("end", &c.end,
         "Where the shift ends when not back at the start: X,Y in the working CRS, lon,lat, the "
         "name of a stop, or an address with --addresses (default: the depot)");
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
  s.text("teams-file", &c.teams_file,
         "Teams with their own start, end and hours: CSV team,start,end,shift[,break] (places "
         "as --depot takes them; an empty field takes --depot, --end, --shift, --break)")
      .input()
      .format("table");
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
  s.number("time-limit-s", &c.time_limit,
           "A hard bound on the search of the whole command (the days share it)")
      .unit("s");
  s.integer("iterations", &c.iterations,
            "Search iterations (reproducible when these, not the time, end it; 0 = search until "
            "the time limit)")
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

namespace {

/// The clock of a day's shift: minutes after the plan's minute 0 (the first team's start, at
/// `ref_clock` on the wall clock) against the wall clock and, with --date, real instants: a
/// shift over a DST change is an hour shorter or longer than its clock says; schedule times are
/// the wall clock at each planned instant, GPX times those instants in UTC.
struct ShiftClock {
  std::int64_t date_local = kNoTime;  ///< --date, local midnight
  int ref_clock = 0;                  ///< wall-clock minute of the plan's minute 0

  std::int64_t start_utc(int day) const {
    return utc_from_local(date_local + (day - 1) * 86400 + std::int64_t{ref_clock} * 60);
  }
  /// Real minutes after minute 0 when the wall clock has gone `naive` minutes on from ref_clock.
  double elapsed(int day, double naive) const {
    if (date_local == kNoTime) return naive;
    const std::int64_t local =
        date_local + (day - 1) * 86400 + std::int64_t{ref_clock} * 60 + std::llround(naive * 60.0);
    return static_cast<double>(utc_from_local(local) - start_utc(day)) / 60.0;
  }
  /// Wall-clock minutes from ref_clock to `clock` (0..1439).
  int naive_to(int clock) const { return ((clock - ref_clock) % 1440 + 1440) % 1440; }
  double elapsed_at_clock(int day, int clock) const { return elapsed(day, naive_to(clock)); }
  std::string clk(int day, double minutes) const {
    if (date_local == kNoTime) return clock(ref_clock, minutes);
    return format_iso8601(local_from_utc(start_utc(day) + std::llround(minutes * 60.0))).substr(11);
  }
  std::string gpx_time(int day, double minutes) const {
    if (date_local == kNoTime) return {};
    return format_iso8601(start_utc(day) + std::llround(minutes * 60.0)) + "Z";
  }
};

/// A place a team starts or ends at, or a stop: working CRS, and how people call it.
struct Place {
  double x = 0, y = 0;
  std::string label;
  bool depot = false;  ///< named as the depot ("depot", or the profile's name for it)
};

/// A team's shift as planned, in wall-clock minutes after the plan's minute 0.
struct TeamPlan {
  std::string name;
  std::size_t start = 0, end = 0;  ///< places
  bool end_is_depot = true;        ///< back at the depot: schedule row "depot", else "end"
  int begin = 0, len = 0;          ///< wall-clock minutes (naive)
  BreakSpec brk;
  std::int64_t line = 0;  ///< of the teams file (0: none)
};

}  // namespace

void run(const RouteConfig& c, step::Env& env) {
  RunContext& ctx = env.ctx;
  const Checked k = check(c);
  Problem p;
  int shift_clock = 0, shift_len = 0;
  parse_shift(c.shift, shift_clock, shift_len);
  ShiftClock sc_clock;
  sc_clock.date_local = c.date.empty() ? kNoTime : parse_date_option(c.date, "--date");
  p.dwell_min = c.dwell;
  p.window_bounds_start = c.window_bounds == "start";
  const BreakSpec default_break = parse_break(c.break_text, "--break");
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

  // Places: X,Y in the working CRS, lon,lat, the name of a stop, or an address.
  std::optional<io::AddressBook> book;
  std::optional<std::pair<double, double>> depot_xy;  // once the depot is known
  auto place = [&](const std::string& text_in, const std::string& option,
                   const std::string& where_file = {}) -> Place {
    const std::string file = where_file;
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
          return {px, py, text_in};
      }
      if (!in_crs)
        throw Error(ErrorCode::Usage,
                    fmt::format("{} {} is not a place in {} (valid x {:.0f}..{:.0f}, y "
                                "{:.0f}..{:.0f}) nor a lon,lat inside it",
                                option, text_in, st.crs, b[0], b[2], b[1], b[3]),
                    {file, "", option},
                    fmt::format("give X,Y in metres, e.g. {} 207400,473990, lon,lat, e.g. "
                                "6.1552,52.2551, the name of a stop, or an address",
                                option));
      return {x, y, text_in};
    }
    auto it = std::find_if(p.stops.begin(), p.stops.end(),
                           [&](const Stop& s) { return s.id == text_in || s.name == text_in; });
    if (it != p.stops.end()) return {it->x, it->y, it->name};
    // The depot by its name (the profile's, e.g. Stadhuis) or as "depot".
    if (depot_xy && (text_in == "depot" || text_in == env.profile.depot_name))
      return {depot_xy->first, depot_xy->second, text_in, true};
    if (!c.incidents.addresses.empty()) {
      if (!book) book.emplace(io::AddressBook::load(c.incidents.addresses, st.crs, ctx));
      const io::AddressQuery q = io::AddressQuery::from_line(text_in);
      if (!q.empty())
        if (const auto pt = book->find(q)) return {pt->first, pt->second, text_in};
      throw Error(ErrorCode::Usage,
                  fmt::format("{} '{}' is no stop, and the address file {} has no such address "
                              "({})",
                              option, text_in, c.incidents.addresses, q.describe()),
                  {file, "", option},
                  "write the address as 'Keizerstraat 12, 7411 HE Deventer', or give X,Y, "
                  "lon,lat or the name of a stop");
    }
    throw Error(ErrorCode::Usage, fmt::format("no stop named '{}' for {}", text_in, option),
                {file, "", option},
                fmt::format("give X,Y in {} metres, lon,lat, the name of a stop, or an address "
                            "with --addresses FILE (the BAG)",
                            st.crs));
  };
  const std::string depot_text = c.depot.empty() ? env.profile.depot : c.depot;
  if (depot_text.empty())
    throw Error(ErrorCode::Usage, fmt::format("the profile {} names no depot", env.profile.name),
                {env.profile.file.string(), "depot", "xy"},
                "give --depot X,Y or the name of a stop");
  Place depot = place(depot_text, "--depot");
  depot_xy = std::make_pair(depot.x, depot.y);
  depot.label = c.depot.empty() ? env.profile.depot_name : io::csv_cell(Value(c.depot));
  const bool has_end = !c.end.empty();
  std::optional<Place> end_place;
  if (has_end) {
    end_place = place(c.end, "--end");
    end_place->label = io::csv_cell(Value(c.end));
  }
  p.depot_x = depot.x;
  p.depot_y = depot.y;
  if (has_end) {
    p.end_x = end_place->x;
    p.end_y = end_place->y;
  }

  // Teams: --teams alike (the depot, --end, --shift, --break), or each from the teams file.
  std::vector<Place> extra;  // places after the stops
  auto extra_index = [&](const Place& pl) -> std::size_t {
    for (std::size_t e = 0; e < extra.size(); ++e)
      if (std::hypot(extra[e].x - pl.x, extra[e].y - pl.y) < 0.01 && extra[e].label == pl.label)
        return e;
    extra.push_back(pl);
    return extra.size() - 1;
  };
  std::vector<TeamPlan> teams;
  std::vector<std::pair<std::size_t, Place>> team_start_places, team_end_places;  // team -> place
  const bool from_file = !c.teams_file.empty();
  if (!from_file) {
    for (int t = 0; t < c.teams; ++t) {
      TeamPlan tp;
      tp.name = fmt::format("team {}", t + 1);
      tp.begin = 0;
      tp.len = shift_len;
      tp.brk = default_break;
      tp.end_is_depot = !has_end;
      teams.push_back(tp);
    }
    sc_clock.ref_clock = shift_clock;
  } else {
    const auto rows = read_teams_file(c.teams_file);
    // The plan's minute 0 is the earliest team start; a team's start lies up to 12 hours
    // before or after the --shift start.
    std::vector<int> starts, lens;
    for (const auto& r : rows) {
      int s0 = shift_clock, len = shift_len;
      if (!r.shift.empty()) {
        try {
          parse_shift(r.shift, s0, len);
        } catch (const Error& e) {
          throw Error(ErrorCode::Usage,
                      fmt::format("line {}, team '{}': {}", r.line, r.team, e.what()),
                      {c.teams_file, "", "shift"}, e.fix());
        }
      }
      int off = ((s0 - shift_clock) % 1440 + 1440) % 1440;
      if (off >= 720) off -= 1440;
      starts.push_back(off);
      lens.push_back(len);
    }
    const int first = *std::min_element(starts.begin(), starts.end());
    sc_clock.ref_clock = ((shift_clock + first) % 1440 + 1440) % 1440;
    for (std::size_t t = 0; t < rows.size(); ++t) {
      const auto& r = rows[t];
      TeamPlan tp;
      tp.name = r.team;
      tp.line = r.line;
      tp.begin = starts[t] - first;
      tp.len = lens[t];
      try {
        tp.brk = !r.break_column || r.brk.empty() ? default_break
                 : (r.brk == "-" || r.brk == "geen" || r.brk == "none")
                     ? BreakSpec{}
                     : parse_break(r.brk, "break");
      } catch (const Error& e) {
        throw Error(ErrorCode::Usage,
                    fmt::format("line {}, team '{}': {}", r.line, r.team, e.what()),
                    {c.teams_file, "", "break"}, e.fix());
      }
      auto resolve = [&](const std::string& text_in, const char* column) {
        try {
          return place(text_in, column, c.teams_file);
        } catch (const Error& e) {
          throw Error(e.code(), fmt::format("line {}, team '{}': {}", r.line, r.team, e.what()),
                      {c.teams_file, "", column}, e.fix());
        }
      };
      if (!r.start.empty()) {
        Place pl = resolve(r.start, "start");
        pl.label = io::csv_cell(Value(r.start));
        team_start_places.emplace_back(t, pl);
      }
      if (!r.end.empty()) {
        Place pl = resolve(r.end, "end");
        pl.label = io::csv_cell(Value(r.end));
        team_end_places.emplace_back(t, pl);
      }
      teams.push_back(tp);
    }
  }

  // Travel times: straight line x detour / speed, or shortest paths on the road network.
  // Places: 0 = the depot, 1..n = stops, then the end point and the teams' own places.
  std::optional<RoadGraph> roads;
  std::vector<std::int32_t> place_node;
  std::vector<double> place_snap;
  std::vector<std::vector<std::int32_t>> prevs;  // shortest-path trees per place
  constexpr double kMaxSnap = 500;
  auto snapped = [&](const Place& pl, const std::string& what, const char* option) {
    const auto [nd, dd] = snap(*roads, pl.x, pl.y);
    if (nd < 0 || dd > kMaxSnap)
      throw Error(ErrorCode::Usage,
                  fmt::format("{} lies {:.0f} m from the nearest road of the network", what, dd),
                  {c.osm, "", option},
                  "give a place on the network, or an OpenStreetMap extract that covers it");
    return std::make_pair(nd, dd);
  };
  if (!c.osm.empty()) {
    const TravelMode tm = c.mode == "car"    ? TravelMode::Car
                          : c.mode == "bike" ? TravelMode::Bike
                                             : TravelMode::Walk;
    roads = read_osm_roads(c.osm, tm, env.profile.working_crs);
    const auto [dn, dd] = snapped(depot, "the depot", "--depot");
    place_node.push_back(dn);
    place_snap.push_back(dd);
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
      place_node.push_back(sn);
      place_snap.push_back(sd);
    }
    p.stops = std::move(kept);
    open_clock = std::move(kept_open);
    close_clock = std::move(kept_close);
    if (p.stops.empty())
      throw Error(ErrorCode::EmptyInput, "no stop lies near the road network", {c.osm},
                  "check that the extract covers the stops");
  }
  // The extra places, now that the stops are final.
  std::size_t end_pl = 0;
  if (has_end) end_pl = p.stops.size() + 1 + extra_index(*end_place);
  for (auto& tp : teams) {
    tp.start = 0;
    tp.end = has_end ? end_pl : 0;
  }
  // A team's own place, or the depot (place 0) when it is named as such.
  auto index_of = [&](const Place& pl) {
    return pl.depot ? std::size_t{0} : p.stops.size() + 1 + extra_index(pl);
  };
  for (const auto& [t, pl] : team_start_places) teams[t].start = index_of(pl);
  for (const auto& [t, pl] : team_end_places) teams[t].end = index_of(pl);
  if (from_file)
    for (std::size_t t = 0; t < teams.size(); ++t) {
      const bool own_end = std::any_of(team_end_places.begin(), team_end_places.end(),
                                       [&](const auto& e) { return e.first == t; });
      if (!own_end && !has_end) teams[t].end = teams[t].start;  // back where it started
      teams[t].end_is_depot = teams[t].end == 0;
    }
  std::vector<Place> places;
  places.push_back(depot);
  for (const auto& s : p.stops) places.push_back({s.x, s.y, s.name});
  for (const auto& e : extra) places.push_back(e);
  const std::size_t n_places = places.size();
  const double m_per_min = speed * 1000.0 / 60.0;
  p.travel.assign(n_places, std::vector<double>(n_places, 0.0));
  if (roads) {
    for (std::size_t e = p.stops.size() + 1; e < n_places; ++e) {
      const auto [en, ed] = snapped(places[e], fmt::format("the place {}", places[e].label),
                                    has_end && e == end_pl ? "--end" : "--teams-file");
      place_node.push_back(en);
      place_snap.push_back(ed);
    }
    std::vector<double> dist;
    prevs.resize(n_places);
    for (std::size_t i = 0; i < n_places; ++i) {
      dijkstra(*roads, place_node[i], dist, prevs[i]);
      for (std::size_t j = 0; j < n_places; ++j) {
        const double d = dist[static_cast<std::size_t>(place_node[j])];
        p.travel[i][j] =
            i == j ? 0.0
                   : (std::isfinite(d) ? (place_snap[i] + d + place_snap[j]) / m_per_min : 1e9);
      }
    }
    ctx.info("road network: {} nodes; {} stops snapped (travel at {} km/h along the roads)",
             roads->nodes(), p.stops.size(), speed);
  } else {
    for (std::size_t i = 0; i < n_places; ++i)
      for (std::size_t j = 0; j < n_places; ++j)
        p.travel[i][j] =
            std::hypot(places[i].x - places[j].x, places[i].y - places[j].y) * detour / m_per_min;
  }
  if (has_end && !from_file) {  // the end point's column, for every team alike
    p.travel_end.resize(p.stops.size() + 1);
    for (std::size_t i = 0; i <= p.stops.size(); ++i) p.travel_end[i] = p.travel[i][end_pl];
  }
  // A leg of a route line: straight, or along the shortest path between two places.
  auto add_point = [](OGRLineString& ls, double x, double y) {
    const int n = ls.getNumPoints();
    if (n == 0 || std::hypot(ls.getX(n - 1) - x, ls.getY(n - 1) - y) > 0.01)
      ls.addPoint(x, y);  // 1 cm
  };
  auto add_leg = [&](OGRLineString& ls, std::size_t from_place, std::size_t to_place) {
    if (roads) {
      for (std::int32_t v : path_to(prevs[from_place], place_node[to_place]))
        add_point(ls, roads->x[static_cast<std::size_t>(v)], roads->y[static_cast<std::size_t>(v)]);
    }
    add_point(ls, places[to_place].x, places[to_place].y);
  };

  // Each day's teams in minutes after the day's minute 0; everything impossible refused before
  // anything is written.
  auto team_list = [&](int day) {
    std::vector<Team> list;
    for (std::size_t t = 0; t < teams.size(); ++t) {
      const TeamPlan& tp = teams[t];
      const std::string who =
          from_file ? fmt::format("team '{}' (line {} of {})", tp.name, tp.line, c.teams_file)
                    : std::string("the team");
      Team tm;
      tm.name = tp.name;
      tm.start_place = static_cast<int>(tp.start);
      tm.end_place = static_cast<int>(tp.end);
      tm.begin_min = sc_clock.elapsed(day, tp.begin);
      tm.end_min = sc_clock.elapsed(day, tp.begin + tp.len);
      tm.break_min = 0;
      if (tp.brk.any()) {
        const int naive_open = sc_clock.naive_to(tp.brk.open_clock),
                  naive_close = sc_clock.naive_to(tp.brk.close_clock);
        const std::string text_break =
            tp.brk.minutes == default_break.minutes && tp.brk.open_clock == default_break.open_clock
                ? "--break " + c.break_text
                : "the break";
        if (naive_open < tp.begin || naive_open > tp.begin + tp.len ||
            naive_close > tp.begin + tp.len || naive_close < naive_open)
          throw Error(
              ErrorCode::Usage,
              fmt::format("the break window of {} lies outside the shift of {}", text_break, who),
              {from_file ? c.teams_file : std::string(), "", "--break"},
              "give a window inside the shift, e.g. --break 20:30-21:30,30 for "
              "19:00-23:00");
        tm.break_min = tp.brk.minutes;
        tm.break_open = sc_clock.elapsed(day, naive_open);
        tm.break_close = sc_clock.elapsed(day, naive_close);
        if (tm.break_open + tm.break_min > tm.end_min)
          throw Error(ErrorCode::Usage,
                      fmt::format("a {:.0f}-minute break from {} does not end within the shift "
                                  "of {}",
                                  tp.brk.minutes, clock(tp.brk.open_clock, 0).substr(0, 5), who),
                      {from_file ? c.teams_file : std::string(), "", "--break"},
                      "open the window earlier or shorten the break");
      }
      const double to_end = p.travel[tp.start][tp.end];
      if (to_end > 1e8)
        throw Error(
            ErrorCode::Usage,
            fmt::format("the end point of {} cannot be reached from its start by road", who),
            {c.osm, "", from_file ? "end" : "--end"}, "give an end connected to the start's roads");
      if (to_end > tm.end_min - tm.begin_min)
        throw Error(ErrorCode::Usage,
                    fmt::format("the end point of {} is {:.0f} minutes from its start, longer than "
                                "its {:.0f}-minute shift",
                                who, to_end, tm.end_min - tm.begin_min),
                    {from_file ? c.teams_file : std::string(), "", from_file ? "end" : "--end"},
                    "lengthen the shift or give an end closer to the start");
      list.push_back(tm);
    }
    return list;
  };
  for (int day = 1; day <= k.days; ++day) (void)team_list(day);  // before anything is written
  std::filesystem::create_directories(c.out);
  const crs::Transform to_wgs(st.crs, "EPSG:4326");
  // In the working CRS (the profile's: RD for Deventer, UTM elsewhere), as the stops are.
  Table lines;
  lines.crs = st.crs;
  lines.fields = {{"team", FieldType::Integer},    {"day", FieldType::Integer},
                  {"n_stops", FieldType::Integer}, {"value", FieldType::Real},
                  {"start", FieldType::String},    {"end", FieldType::String},
                  {"minutes", FieldType::Real}};
  if (from_file) lines.fields.push_back({"team_name", FieldType::String});
  Table stop_pts;
  stop_pts.crs = st.crs;
  stop_pts.fields = {{"team", FieldType::Integer},   {"day", FieldType::Integer},
                     {"seq", FieldType::Integer},    {"stop_id", FieldType::String},
                     {"arrival", FieldType::String}, {"departure", FieldType::String},
                     {"value", FieldType::Real}};
  std::string csv = "team,seq,stop_id,arrival,departure,value";
  csv += k.days > 1 ? ",day,name" : ",name";
  csv += from_file ? ",team_name\n" : "\n";
  std::vector<int> times_visited(p.stops.size(), 0);
  // Published: the stop values (scores, counts) to 2 significant digits, as the score layer.
  if (c.publication.published())
    for (auto& s : p.stops) s.value = publish::round_significant(s.value, 2);
  std::vector<double> base_value;
  for (const auto& s : p.stops) base_value.push_back(s.value);
  double total_value = 0;
  // --time-limit-s bounds the solving of the whole command: the days share it.
  const auto solving_from = std::chrono::steady_clock::now();
  for (int day = 1; day <= k.days; ++day) {
    const std::vector<Team> day_teams = team_list(day);
    p.team_list.clear();
    p.teams = static_cast<int>(teams.size());
    if (from_file) {
      p.team_list = day_teams;
      double horizon = 0;
      for (const auto& tm : day_teams) horizon = std::max(horizon, tm.end_min);
      p.shift_len_min = static_cast<int>(std::ceil(horizon));
      p.break_min = 0;
    } else {
      p.shift_len_min = static_cast<int>(std::lround(day_teams.front().end_min));
      p.break_min = day_teams.front().break_min;
      p.break_open = static_cast<int>(std::lround(day_teams.front().break_open));
      p.break_close = static_cast<int>(std::lround(day_teams.front().break_close));
    }
    p.shift_start_min = sc_clock.ref_clock;
    for (std::size_t i = 0; i < p.stops.size(); ++i) {
      Stop& s = p.stops[i];
      s.value = base_value[i] * std::pow(0.5, times_visited[i]);
      s.open_min =
          open_clock[i] < 0
              ? -1
              : static_cast<int>(std::lround(sc_clock.elapsed_at_clock(day, open_clock[i])));
      s.close_min =
          close_clock[i] < 0
              ? -1
              : static_cast<int>(std::lround(sc_clock.elapsed_at_clock(day, close_clock[i])));
      if (s.close_min == 0) s.close_min = p.shift_len_min;
    }
    SolveConfig sc;
    sc.seed = c.seed + static_cast<std::uint64_t>(day - 1);
    sc.iterations = c.iterations;
    const double used =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - solving_from).count();
    sc.time_limit_s = std::max(0.0, (c.time_limit - used) / (k.days - day + 1));
    sc.threads = ctx.thread_count();
    p.prepare();
    // On a terminal, a progress line for the search (quiet when piped).
    Progress progress(ctx, k.days > 1 ? fmt::format("route search, day {}", day) : "route search",
                      100);
    unsigned shown = 0;
    sc.progress = [&](double f) {
      const auto pct = static_cast<unsigned>(std::clamp(f, 0.0, 1.0) * 100);
      if (pct > shown) progress.advance(pct - shown);
      shown = std::max(shown, pct);
    };
    const auto solve_start = std::chrono::steady_clock::now();
    const Solution sol = solve(p, sc);
    progress.finish();
    ctx.debug("day {}: search of {} iterations in {:.2f} s, ended by the {}", day, sol.iterations,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - solve_start).count(),
              sol.ended_by_time ? fmt::format("time limit ({:.2f} s)", sc.time_limit_s)
                                : "iteration budget");
    total_value += sol.value;
    for (std::size_t t = 0; t < sol.routes.size(); ++t) {
      const Route& r = sol.routes[t];
      const TeamPlan& tp = teams[static_cast<std::size_t>(r.team)];
      const double begin = day_teams[static_cast<std::size_t>(r.team)].begin_min;
      const double break_min = day_teams[static_cast<std::size_t>(r.team)].break_min;
      const int team = static_cast<int>(t) + 1;
      const std::string dsuf = k.days > 1 ? fmt::format(",{}", day) : "";
      const std::string tsuf = from_file ? "," + io::csv_cell(Value(tp.name)) : "";
      csv += fmt::format("{},0,{},{},{},0{},{}{}\n", team, tp.start == 0 ? "depot" : "start",
                         sc_clock.clk(day, begin), sc_clock.clk(day, begin), dsuf,
                         places[tp.start].label, tsuf);
      auto ls_geom = std::make_unique<OGRLineString>();
      ls_geom->addPoint(places[tp.start].x, places[tp.start].y);
      std::size_t at_place = tp.start;
      int seq = 1;
      auto break_row = [&](std::size_t before) {
        if (r.break_start < 0 || static_cast<std::size_t>(r.break_before) != before) return;
        csv += fmt::format("{},{},break,{},{},0{},break{}\n", team, seq - 1,
                           sc_clock.clk(day, r.break_start),
                           sc_clock.clk(day, r.break_start + break_min), dsuf, tsuf);
      };
      for (const auto& v : r.visits) {
        break_row(static_cast<std::size_t>(seq - 1));
        const auto& s = p.stops[static_cast<std::size_t>(v.stop)];
        ++times_visited[static_cast<std::size_t>(v.stop)];
        csv += fmt::format("{},{},{},{},{},{:.4f}{},{}{}\n", team, seq++, io::csv_cell(Value(s.id)),
                           sc_clock.clk(day, v.arrive_min), sc_clock.clk(day, v.depart_min),
                           v.value, dsuf, io::csv_cell(Value(s.name)), tsuf);
        add_leg(*ls_geom, at_place, static_cast<std::size_t>(v.stop) + 1);
        at_place = static_cast<std::size_t>(v.stop) + 1;
        stop_pts.rows.push_back({Value(std::int64_t(team)), Value(std::int64_t(day)),
                                 Value(std::int64_t(seq - 1)), Value(s.id),
                                 Value(sc_clock.clk(day, v.arrive_min)),
                                 Value(sc_clock.clk(day, v.depart_min)), Value(v.value)});
        stop_pts.geometries.emplace_back(std::make_unique<OGRPoint>(s.x, s.y).release());
      }
      break_row(r.visits.size());
      add_leg(*ls_geom, at_place, tp.end);
      csv += fmt::format("{},{},{},{},{},0{},{}{}\n", team, seq, tp.end_is_depot ? "depot" : "end",
                         sc_clock.clk(day, r.end_min), sc_clock.clk(day, r.end_min), dsuf,
                         places[tp.end].label, tsuf);
      std::vector<Value> line_row{Value(std::int64_t(team)),
                                  Value(std::int64_t(day)),
                                  Value(std::int64_t(r.visits.size())),
                                  Value(r.value),
                                  Value(sc_clock.clk(day, begin)),
                                  Value(sc_clock.clk(day, r.end_min)),
                                  Value(r.end_min - begin)};
      if (from_file) line_row.emplace_back(tp.name);
      lines.rows.push_back(std::move(line_row));
      const OGRLineString& track = *ls_geom;
      lines.geometries.emplace_back(ls_geom.release());
      // GPX for phones: waypoints in visiting order and the track; with --date, waypoints carry
      // their planned time (UTC, as GPX wants).
      auto lonlat = [&](double x, double y) {
        to_wgs.forward(x, y);
        return std::pair<double, double>(x, y);
      };
      io::GpxDocument doc;
      doc.creator = "hotspot " HOTSPOT_VERSION;
      {
        const auto [dlon, dlat] = lonlat(places[tp.start].x, places[tp.start].y);
        doc.waypoints.push_back({dlon, dlat, sc_clock.gpx_time(day, begin),
                                 tp.start == 0 ? "0 depot" : "0 " + places[tp.start].label,
                                 "start " + sc_clock.clk(day, begin)});
      }
      int k_wp = 1;
      for (const auto& v : r.visits) {
        const auto& s = p.stops[static_cast<std::size_t>(v.stop)];
        const auto [lon, lat] = lonlat(s.x, s.y);
        doc.waypoints.push_back(
            {lon, lat, sc_clock.gpx_time(day, v.arrive_min), fmt::format("{} {}", k_wp++, s.name),
             sc_clock.clk(day, v.arrive_min) + " - " + sc_clock.clk(day, v.depart_min)});
      }
      if (!tp.end_is_depot || tp.end != tp.start) {
        const auto [elon, elat] = lonlat(places[tp.end].x, places[tp.end].y);
        doc.waypoints.push_back({elon, elat, sc_clock.gpx_time(day, r.end_min),
                                 fmt::format("{} end", k_wp),
                                 "end " + sc_clock.clk(day, r.end_min)});
      }
      doc.track_name = fmt::format("{}{}", from_file ? tp.name : fmt::format("team {}", team),
                                   k.days > 1 ? fmt::format(" day {}", day) : "");
      for (int q = 0; q < track.getNumPoints(); ++q)
        doc.track.push_back(lonlat(track.getX(q), track.getY(q)));
      const std::string gpx = io::gpx_text(doc);
      write_file_atomically(
          std::filesystem::path(c.out) / (day == 1 ? fmt::format("team_{}.gpx", team)
                                                   : fmt::format("team_{}_day{}.gpx", team, day)),
          gpx);
      ctx.info("day {} {}: {} stops, value {:.2f}, {} at {}", day,
               from_file ? tp.name : fmt::format("team {}", team), r.visits.size(), r.value,
               tp.end_is_depot ? "back" : "at the end", sc_clock.clk(day, r.end_min));
    }
    ctx.info("day {}: value {:.2f} (greedy baseline {:.2f})", day, sol.value, sol.greedy_value);
  }
  // Stops are places (the stop layer), never incidents: the description says they are published.
  const io::WriteOptions wo{"", {}, c.publication.description()};
  step::write_table(env, lines, std::filesystem::path(c.out) / "routes.geojson", wo);
  step::write_table(env, stop_pts, std::filesystem::path(c.out) / "stops.geojson", wo);
  write_file_atomically(std::filesystem::path(c.out) / "schedule.csv", csv);
  ctx.info("routes: {} team(s) x {} day(s), {} candidate stops, total value {:.2f}; written to {}",
           teams.size(), k.days, p.stops.size(), total_value, c.out);
}

}  // namespace hotspot::route
