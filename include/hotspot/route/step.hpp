#pragma once
// The route step: the flexteam's shift over candidate stops (named places, hotspot areas,
// scored locations), with schedule.csv, routes.geojson, stops.geojson and a GPX per team.
#include <cstdint>
#include <set>
#include <string>

#include "hotspot/io/location_reader.hpp"
#include "hotspot/step/step.hpp"

namespace hotspot::route {

struct RouteConfig {
  io::LocationSourceConfig stops;
  io::IncidentSourceConfig incidents;
  step::FilterSpec filter;
  std::string value_col, depot, end, name_col, shift, date, osm, out, mode = "walk", days_text;
  std::string window_bounds = "end", break_text, teams_file;
  int teams = 1;
  double dwell = 15, speed = 0, detour = 0, time_limit = 10, profile_radius = 150;
  std::int64_t iterations = 2000;
  std::uint64_t seed = 1;
  publish::Policy publication;  ///< --suppress-below, --internal
  std::set<std::string> given;
};

void declare(OptionSet& set, RouteConfig& c);
void validate(const RouteConfig& c, const step::Env& env);
void run(const RouteConfig& c, step::Env& env);

}  // namespace hotspot::route
