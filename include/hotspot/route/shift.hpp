#pragma once
// The shift as a team lead writes it down (stage `route.shift`): a teams file with each team's
// own start, end and hours, and breaks as HH:MM-HH:MM,MIN.
//
//   team,start,end,shift,break
//   Noord,Brink,Stadhuis,19:00-23:00,20:30-21:30,30
//   Zuid,"Keizerstraat 12, 7411 HE Deventer",,18:00-22:00,
//
// `start` and `end` are places as --depot takes them (X,Y in the working CRS, lon,lat, the
// name of a stop, or an address with --addresses); an empty field takes the command's option
// (--depot; --end, else the team's start; --shift; --break). A `break` of "-" (or "geen",
// "none") gives that team no break. Dutch headers are read too: ploeg, begin/vertrek,
// eind/einde, dienst, pauze; `,` `;` or tab separated.
#include <cstdint>
#include <string>
#include <vector>

namespace hotspot::route {

struct TeamRow {
  std::int64_t line = 0;  ///< of the file, for messages
  std::string team, start, end, shift, brk;
  bool break_column = false;  ///< the file has a break column
};

/// Read a teams file. @throws Error naming the file, the line and the column, with the fix.
std::vector<TeamRow> read_teams_file(const std::string& path);

/// A break: `minutes` starting between two clock times (minutes after midnight).
struct BreakSpec {
  int open_clock = -1, close_clock = -1;
  double minutes = 0;
  bool any() const { return minutes > 0; }
};

/// "HH:MM-HH:MM,MIN"; "" gives no break. @throws Error(Usage) naming `option`.
BreakSpec parse_break(const std::string& text, const std::string& option);

}  // namespace hotspot::route
