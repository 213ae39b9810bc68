#include "hotspot/route/shift.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/csv.hpp"

namespace hotspot::route {

namespace {

std::string lower_trimmed(std::string_view s) {
  std::string o;
  for (unsigned char ch : s) o += static_cast<char>(std::tolower(ch));
  while (!o.empty() && std::isspace(static_cast<unsigned char>(o.back()))) o.pop_back();
  std::size_t i = 0;
  while (i < o.size() && std::isspace(static_cast<unsigned char>(o[i]))) ++i;
  return o.substr(i);
}

std::string trimmed(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

int column_of(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
  for (const char* n : names)
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == n) return static_cast<int>(i);
  return -1;
}

}  // namespace

std::vector<TeamRow> read_teams_file(const std::string& path) {
  if (!std::filesystem::exists(path))
    throw Error(ErrorCode::InputMissing, "the teams file does not exist",
                {path, "", "--teams-file"}, "give a CSV with the columns team,start,end,shift");
  const io::MappedFile file(path);
  io::CsvReader csv(file.data());
  std::vector<std::string_view> f;
  if (!csv.next(f))
    throw Error(ErrorCode::InputFormat, "the teams file is empty", {path, "", "--teams-file"},
                "write a header team,start,end,shift and one line per team");
  std::vector<std::string> header;
  for (auto h : f) header.push_back(lower_trimmed(h));
  const int ct = column_of(header, {"team", "ploeg", "naam", "name"});
  const int cs = column_of(header, {"start", "begin", "vertrek", "depot"});
  const int ce = column_of(header, {"end", "eind", "einde"});
  const int ch = column_of(header, {"shift", "dienst"});
  const int cb = column_of(header, {"break", "pauze"});
  if (ct < 0 || cs < 0 || ce < 0 || ch < 0) {
    std::string missing;
    for (auto [c, n] : {std::pair{ct, "team"}, {cs, "start"}, {ce, "end"}, {ch, "shift"}})
      if (c < 0) missing += (missing.empty() ? "" : ", ") + std::string(n);
    throw Error(ErrorCode::InputFormat,
                fmt::format("the teams file has no column {} (it has: {})", missing,
                            fmt::join(header, ", ")),
                {path, "", missing},
                "write the header team,start,end,shift (Dutch: ploeg,begin,eind,dienst), and "
                "break for a team's own break");
  }
  std::vector<TeamRow> rows;
  while (csv.next(f)) {
    if (csv.broken())
      throw Error(ErrorCode::InputFormat,
                  fmt::format("line {}: {}", csv.line(), csv.broken_reason()), {path},
                  "close the quote, or write the line without quotes");
    auto get = [&](int c) {
      return c >= 0 && c < static_cast<int>(f.size()) ? trimmed(f[static_cast<std::size_t>(c)])
                                                      : std::string();
    };
    TeamRow r;
    r.line = csv.line();
    r.team = get(ct);
    r.start = get(cs);
    r.end = get(ce);
    r.shift = get(ch);
    r.brk = get(cb);
    // "19:40-20:10,30" unquoted in a ','-separated file: the minutes spill into a field past the
    // header; with the break as the last column that can only be them.
    if (cb >= 0 && cb + 1 == static_cast<int>(header.size()) && f.size() > header.size())
      for (std::size_t k = header.size(); k < f.size(); ++k) r.brk += "," + trimmed(f[k]);
    r.break_column = cb >= 0;
    if (r.team.empty())
      throw Error(ErrorCode::InputFormat, fmt::format("line {} names no team", r.line),
                  {path, "", "team"}, "give every team a name, e.g. Noord");
    for (const auto& other : rows)
      if (other.team == r.team)
        throw Error(
            ErrorCode::InputFormat,
            fmt::format("line {}: team '{}' is also on line {}", r.line, r.team, other.line),
            {path, "", "team"}, "give each team a name of its own");
    rows.push_back(std::move(r));
  }
  if (rows.empty())
    throw Error(ErrorCode::EmptyInput, "the teams file lists no team", {path, "", "--teams-file"},
                "add one line per team under the header");
  if (rows.size() > 50)
    throw Error(ErrorCode::Usage,
                fmt::format("the teams file lists {} teams, more than 50", rows.size()),
                {path, "", "--teams-file"}, "plan at most 50 teams at once");
  return rows;
}

BreakSpec parse_break(const std::string& text, const std::string& option) {
  BreakSpec b;
  if (text.empty()) return b;
  int h1, m1, h2, m2;
  double minutes;
  char tail;
  if (std::sscanf(text.c_str(), "%d:%d-%d:%d,%lf%c", &h1, &m1, &h2, &m2, &minutes, &tail) != 5 ||
      h1 < 0 || h1 > 23 || m1 < 0 || m1 > 59 || h2 < 0 || h2 > 24 || m2 < 0 || m2 > 59 ||
      !(minutes > 0) || !(minutes < 1440))
    throw Error(ErrorCode::Usage, fmt::format("{} {} is not a break", option, text),
                {"", "", option},
                "give the window in which the break starts and its minutes: 20:30-21:30,30");
  b.open_clock = h1 * 60 + m1;
  b.close_clock = (h2 * 60 + m2) % 1440;
  b.minutes = minutes;
  return b;
}

}  // namespace hotspot::route
