#pragma once
// Published count tables (issue 15): primary suppression of the counts 1 .. k-1, the other
// counts rounded to multiples of 5 (as CBS does: no relation between published figures is
// exact any more), complementary suppression where a withheld count could still be derived, and
// every quantity derived from a count withheld with it or computed from the rounded count.
//
// What an attacker can combine is modelled as linear relations between the cells of all the
// count tables of a run:
//   - in a row: n_incidents = the sum of the category columns = the sum of the period columns
//     (each relation is checked on the exact values before it is used);
//   - in a column of a table of coded areas (buurtcode, wijkcode: areas that partition the
//     municipality): the sum over the rows of each parent code (wijkcode in a buurt table: the
//     wijk's figure, published or not), and the total number of incidents over all rows (the
//     summary line publishes it), taken as known when 0 or at least k; named places and
//     buffers overlap and have no such totals;
//   - between tables of the same run: a table whose code column (wijkcode) is a key of another
//     table nests in it when every count of the other is the sum of its rows.
// A withheld cell is known to be >= 1 (0 is published as 0). The audit narrows every withheld
// cell to the interval those relations allow (bounds propagation to a fixed point); while the
// interval of a small count (1 .. k-1) holds fewer than max(2, k/2 + 1) values (3 at k = 5:
// "1 to 3" at the narrowest, never one value), the smallest published non-zero count in one of
// its relations is withheld too. Zeros are never withheld as complements. A total below k is
// not taken as known (it would itself be withheld).
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "hotspot/core/run_context.hpp"
#include "hotspot/geom/table.hpp"
#include "hotspot/publish/policy.hpp"

namespace hotspot::publish {

/// How a table's columns are published, from hotspot's column names.
struct CountLayout {
  std::vector<std::size_t> counts;               ///< incident counts (Integer columns)
  int total = -1;                                ///< n_incidents (or count), -1 none
  std::vector<std::vector<std::size_t>> groups;  ///< columns that sum to `total` in a row
  std::vector<std::size_t> parents;              ///< text columns grouping rows (wijkcode)
  std::vector<std::size_t> keys;                 ///< text columns unique per row (buurtcode)
  /// How a derived value follows its counts once they are published (rounded).
  enum class From { Blank, Scale, Trend, Change, ChangePct, PValue };
  struct Derived {
    std::size_t column;
    std::vector<std::size_t> from;  ///< withheld when one of these is withheld
    From how = From::Blank;         ///< Scale: x * published / exact count of from[0] ...
  };
  std::vector<Derived> derived;
  std::vector<std::size_t> drop;                     ///< exact statistics: never published
  std::vector<std::pair<std::size_t, int>> coarsen;  ///< rounded to N significant digits
  bool any() const { return !counts.empty() || !drop.empty() || !coarsen.empty(); }
};

/// The layout of a table hotspot wrote (join, score, compare, stats, density's hotspot areas).
/// Relations (`groups`) are kept only where the exact values satisfy them.
CountLayout layout_of(const Table& t);

/// True for a table that already went through publication (it has the `suppressed` column).
bool is_published(const Table& t);

/// The count tables of one run, protected jointly. In a pipeline one registry serves every
/// stage; a single command uses its own.
class Registry {
 public:
  /// Protect `raw` under `policy` together with the tables registered before, and hand the
  /// published table to `write`. A table registered before whose suppression grows is handed to
  /// its `write` again (the run is staged: outputs are replaced before they are published).
  /// Returns the number of values withheld in `raw`. With policy.internal, `raw` is written as it
  /// is and takes no part.
  std::size_t publish(const std::string& name, const Table& raw, const Policy& policy,
                      std::function<void(const Table&)> write, RunContext& ctx);

  /// The cells withheld so far per registered name (for tests).
  std::size_t withheld(const std::string& name) const;

 private:
  struct Entry {
    std::string name;
    Table raw;
    CountLayout layout;
    int k = 5;
    std::function<void(const Table&)> write;
    std::vector<std::vector<std::uint8_t>> blank;  ///< [row][count index]
  };
  std::vector<Entry> entries_;
  std::set<std::string> warned_;
  void protect(RunContext& ctx, std::vector<bool>& changed);
};

/// The published form of `raw` with the cells in `blank` withheld: derived values withheld with
/// their counts, exact statistics dropped, coarse values rounded, a `suppressed` column naming
/// what was withheld in each row.
Table published_table(const Table& raw, const CountLayout& layout,
                      const std::vector<std::vector<std::uint8_t>>& blank);

/// Protect one table on its own (export of foreign files, tests). Returns the values withheld.
std::size_t protect_table(Table& t, const Policy& policy, RunContext& ctx);

/// `v` rounded to `digits` significant digits.
double round_significant(double v, int digits);

/// The published form of a count that is not withheld: 0 and counts below 5 as they are,
/// others to the nearest multiple of 5 (5, 6, 7 -> 5; 8 .. 12 -> 10), as CBS rounds.
std::int64_t rounded_count(std::int64_t v);
/// The exact counts a published count `p` can stand for: [p, p] below 5, [5, 7] for 5,
/// [p - 2, p + 2] above.
std::pair<std::int64_t, std::int64_t> published_interval(std::int64_t p);

}  // namespace hotspot::publish
