#include "hotspot/publish/counts.hpp"

#include <algorithm>
#include <functional>
#include <memory>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <glpk.h>

#include "hotspot/core/error.hpp"

namespace hotspot::publish {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool starts_with(const std::string& s, const char* p) {
  return s.rfind(p, 0) == 0;
}
bool ends_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

/// Integer columns called n_* that are not incident counts.
bool is_attribute_count(const std::string& n) {
  static const std::set<std::string> names{"n_neigh", "n_stops", "n_buurten", "n_wijken",
                                           "n_teams", "n_days",  "n_cells",   "n_areas"};
  return names.count(n) > 0;
}

const std::int64_t* int_of(const Value& v) {
  return std::get_if<std::int64_t>(&v);
}

/// The columns that sum to `total` in every row with all values present.
bool sums_hold(const Table& t, const std::vector<std::size_t>& group, std::size_t total) {
  for (const auto& row : t.rows) {
    const auto* tot = int_of(row[total]);
    if (!tot) continue;
    std::int64_t s = 0;
    bool all = true;
    for (std::size_t j : group) {
      const auto* v = int_of(row[j]);
      if (!v) {
        all = false;
        break;
      }
      s += *v;
    }
    if (all && s != *tot) return false;
  }
  return true;
}

}  // namespace

double round_significant(double v, int digits) {
  if (!std::isfinite(v) || v == 0) return v;
  const double e = std::floor(std::log10(std::fabs(v))) + 1 - digits;
  const double f = std::pow(10.0, e);
  const double r = std::round(v / f) * f;
  // Print-friendly: the shortest decimal of the rounded value.
  return std::stod(fmt::format("{:.{}g}", r, digits));
}

std::int64_t rounded_count(std::int64_t v) {
  if (v < 5) return v;
  return std::max<std::int64_t>(5, (v + 2) / 5 * 5);
}

std::pair<std::int64_t, std::int64_t> published_interval(std::int64_t p) {
  if (p < 5) return {p, p};
  if (p == 5) return {5, 7};
  return {p - 2, p + 2};
}

CountLayout layout_of(const Table& t) {
  CountLayout L;
  auto idx = [&](const char* n) { return t.field_index(n); };
  const bool stats = idx("gi_class") >= 0 || idx("lisa_cluster") >= 0;
  const bool emerging = idx("pattern") >= 0 && idx("trend_z") >= 0;
  for (std::size_t j = 0; j < t.fields.size(); ++j) {
    const std::string& n = t.fields[j].name;
    if (stats) {
      // Classes are published; the exact statistics (and the counts beside them) would let the
      // counts be solved for.
      static const std::set<std::string> exact{
          "count",  "gi_z",   "gi_p",        "gi_p_fdr",    "lisa_i",        "lisa_e", "lisa_var",
          "lisa_z", "lisa_p", "lisa_p_perm", "w_incidents", "rate_per_1000", "value"};
      if (exact.count(n)) L.drop.push_back(j);
      continue;
    }
    if (emerging) {
      if (starts_with(n, "z_")) L.drop.push_back(j);
      if (n == "trend_z" || n == "trend_p") L.coarsen.emplace_back(j, 2);
      continue;
    }
    if (t.fields[j].type == FieldType::Integer &&
        (n == "count" || (starts_with(n, "n_") && !is_attribute_count(n))))
      L.counts.push_back(j);
    if (t.fields[j].type == FieldType::String &&
        (ends_with(n, "code") || n == "id" || n == "area" || n == "period")) {
      std::set<std::string> seen;
      bool unique = true, any = false;
      for (const auto& row : t.rows)
        if (const auto* s = std::get_if<std::string>(&row[j]); s && !s->empty()) {
          any = true;
          if (!seen.insert(*s).second) unique = false;
        }
      // a code shared by every row (gemeentecode) groups nothing the column total does not
      if (any && (unique || seen.size() > 1)) (unique ? L.keys : L.parents).push_back(j);
    }
  }
  if (stats || emerging) return L;
  L.total = idx("n_incidents") >= 0 ? idx("n_incidents") : idx("count");
  static const std::regex period(R"(n_(\d{4}(_\d{2})?|unknown))");
  std::vector<std::size_t> periods, cats;
  std::vector<std::size_t> window, change;
  for (std::size_t j : L.counts) {
    const std::string& n = t.fields[j].name;
    if (static_cast<int>(j) == L.total) continue;
    if (n == "n_window" || n == "n_prev_window")
      window.push_back(j);
    else if (n == "n_a" || n == "n_b")
      change.push_back(j);
    else if (std::regex_match(n, period))
      periods.push_back(j);
    else
      cats.push_back(j);
  }
  if (L.total >= 0)
    for (auto* g : {&cats, &periods})
      if (!g->empty() && sums_hold(t, *g, static_cast<std::size_t>(L.total)))
        L.groups.push_back(*g);
  using F = CountLayout::From;
  auto derive = [&](const char* n, const std::vector<std::size_t>& from, F how) {
    if (int j = idx(n); j >= 0 && !from.empty())
      L.derived.push_back({static_cast<std::size_t>(j), from, how});
  };
  std::vector<std::size_t> tot;
  if (L.total >= 0) tot.push_back(static_cast<std::size_t>(L.total));
  for (const char* n :
       {"density_km2", "rate_per_1000", "share_incidents", "share_mass", "w_incidents"})
    derive(n, tot, F::Scale);
  for (const char* n : {"score", "density", "max_density", "top_category"})
    derive(n, tot, F::Blank);
  derive("trend", window, F::Trend);
  derive("trend_p", window, F::PValue);
  if (change.size() == 2) {
    // n_a before n_b in every table hotspot writes
    std::sort(change.begin(), change.end(),
              [&](std::size_t a, std::size_t b) { return t.fields[a].name < t.fields[b].name; });
    derive("change", change, F::Change);
    derive("change_pct", change, F::ChangePct);
    derive("p", change, F::PValue);
    derive("p_fdr", change, F::PValue);
  }
  for (const char* n : {"max_density", "threshold", "density", "score", "w_incidents", "value"})
    if (int j = idx(n); j >= 0 && t.fields[static_cast<std::size_t>(j)].type == FieldType::Real)
      L.coarsen.emplace_back(static_cast<std::size_t>(j), 2);
  return L;
}

bool is_published(const Table& t) {
  return t.field_index(kSuppressedColumn) >= 0;
}

Table published_table(const Table& raw, const CountLayout& L,
                      const std::vector<std::vector<std::uint8_t>>& blank) {
  Table t = raw.clone();
  const int old = t.field_index(kSuppressedColumn);
  std::vector<std::string> withheld(t.rows.size());
  auto mark = [&](std::size_t i, const std::string& name) {
    if (!withheld[i].empty()) withheld[i] += ",";
    withheld[i] += name;
  };
  using F = CountLayout::From;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    auto& row = t.rows[i];
    const std::vector<Value> exact = row;
    std::set<std::size_t> gone;
    for (std::size_t c = 0; c < L.counts.size(); ++c) {
      if (i < blank.size() && blank[i][c]) {
        row[L.counts[c]] = std::monostate{};
        gone.insert(L.counts[c]);
        mark(i, t.fields[L.counts[c]].name);
      } else if (auto* v = std::get_if<std::int64_t>(&row[L.counts[c]])) {
        *v = rounded_count(*v);
      }
    }
    auto num = [](const Value& v) -> std::optional<double> {
      if (const auto* x = std::get_if<std::int64_t>(&v)) return static_cast<double>(*x);
      if (const auto* x = std::get_if<double>(&v)) return *x;
      return std::nullopt;
    };
    for (const auto& d : L.derived) {
      bool out = false;
      for (std::size_t f : d.from)
        out = out || gone.count(f) || std::holds_alternative<std::monostate>(row[f]);
      Value& v = row[d.column];
      if (std::holds_alternative<std::monostate>(v)) continue;
      if (out) {
        v = std::monostate{};
        mark(i, t.fields[d.column].name);
        continue;
      }
      // From the published (rounded) counts, so that it gives no exact count back.
      const auto a = num(row[d.from[0]]), a0 = num(exact[d.from[0]]);
      const auto b = d.from.size() > 1 ? num(row[d.from[1]]) : std::nullopt;
      switch (d.how) {
        case F::Blank:
          break;
        case F::Scale:
          if (auto* x = std::get_if<double>(&v); x && a && a0 && *a0 > 0) *x *= *a / *a0;
          break;
        case F::Trend:  // (window - previous) / max(previous, 1)
          if (a && b) v = (*a - *b) / std::max(*b, 1.0);
          break;
        case F::Change:
          if (a && b) v = static_cast<std::int64_t>(*b - *a);
          break;
        case F::ChangePct:
          v = a && b && *a > 0 ? Value(100.0 * (*b - *a) / *a) : Value{};
          break;
        case F::PValue:
          if (auto* x = std::get_if<double>(&v)) *x = round_significant(*x, 1);
          break;
      }
    }
    for (const auto& [j, digits] : L.coarsen)
      if (auto* v = std::get_if<double>(&row[j])) *v = round_significant(*v, digits);
  }
  std::vector<std::size_t> drop = L.drop;
  if (old >= 0) drop.push_back(static_cast<std::size_t>(old));
  std::sort(drop.rbegin(), drop.rend());
  drop.erase(std::unique(drop.begin(), drop.end()), drop.end());
  for (std::size_t j : drop) {
    t.fields.erase(t.fields.begin() + static_cast<std::ptrdiff_t>(j));
    for (auto& row : t.rows) row.erase(row.begin() + static_cast<std::ptrdiff_t>(j));
  }
  if (!L.counts.empty()) {
    t.fields.push_back({kSuppressedColumn, FieldType::String});
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      t.rows[i].push_back(withheld[i].empty() ? Value{} : Value(withheld[i]));
  }
  return t;
}

std::size_t Registry::withheld(const std::string& name) const {
  std::size_t n = 0;
  for (const auto& e : entries_)
    if (e.name == name)
      for (const auto& r : e.blank)
        n += static_cast<std::size_t>(std::count(r.begin(), r.end(), 1));
  return n;
}

namespace {

struct Rel {
  std::vector<std::pair<std::uint32_t, int>> terms;  ///< cell, coefficient (+1/-1)
  double rhs = 0;                                    ///< the exact sum
  double rhs_lo = 0, rhs_hi = 0;  ///< what a reader knows of it (a published total is rounded)
};

struct Cells {
  std::vector<double> value;  ///< exact value
  std::vector<std::uint8_t> blank;
  std::vector<std::uint8_t> is_total;
  std::vector<std::uint8_t> zero_ok;   ///< in a column withheld whole: may be 0
  std::vector<double> pub_lo, pub_hi;  ///< a published (rounded) count's exact range
  std::vector<int> need;               ///< values an interval must hold
  std::vector<double> lo, hi;
};

/// Bounds propagation to a fixed point: the interval of every withheld cell.
void propagate(Cells& c, const std::vector<Rel>& rels) {
  const std::size_t n = c.value.size();
  for (std::size_t i = 0; i < n; ++i) {
    c.lo[i] = c.blank[i] ? (c.zero_ok[i] ? 0 : 1) : c.pub_lo[i];
    c.hi[i] = c.blank[i] ? kInf : c.pub_hi[i];
  }
  for (int pass = 0; pass < 200; ++pass) {
    bool changed = false;
    for (const Rel& r : rels) {
      // Sum of the terms' minima and maxima; infinite parts counted apart.
      double smin = 0, smax = 0;
      int inf_min = 0, inf_max = 0;
      bool any_blank = false;
      for (const auto& [i, a] : r.terms) {
        any_blank = any_blank || c.lo[i] < c.hi[i];
        const double x0 = a > 0 ? c.lo[i] : -c.hi[i], x1 = a > 0 ? c.hi[i] : -c.lo[i];
        if (std::isinf(x0))
          ++inf_min;
        else
          smin += x0;
        if (std::isinf(x1))
          ++inf_max;
        else
          smax += x1;
      }
      if (!any_blank) continue;
      for (const auto& [i, a] : r.terms) {
        if (!(c.lo[i] < c.hi[i])) continue;
        const double x0 = a > 0 ? c.lo[i] : -c.hi[i], x1 = a > 0 ? c.hi[i] : -c.lo[i];
        const int rest_inf_min = inf_min - (std::isinf(x0) ? 1 : 0);
        const int rest_inf_max = inf_max - (std::isinf(x1) ? 1 : 0);
        const double rest_min = rest_inf_min ? -kInf : smin - (std::isinf(x0) ? 0 : x0);
        const double rest_max = rest_inf_max ? kInf : smax - (std::isinf(x1) ? 0 : x1);
        // a * x = rhs - rest
        double lo = r.rhs_lo - rest_max, hi = r.rhs_hi - rest_min;
        if (a < 0) std::swap(lo, hi), lo = -lo, hi = -hi;
        lo = std::ceil(lo - 1e-9);
        hi = std::floor(hi + 1e-9);
        if (lo > c.lo[i]) c.lo[i] = lo, changed = true;
        if (hi < c.hi[i]) c.hi[i] = hi, changed = true;
      }
    }
    if (!changed) break;
  }
}

bool violated(const Cells& c, std::size_t i) {
  return c.blank[i] && c.hi[i] - c.lo[i] + 1 < c.need[i];
}

/// The withheld cells as the unknowns of a linear program over the relations (GLPK): the
/// range of each over every solution is what an attacker with an LP solver can say.
class LinearProgram {
 public:
  /// Every cell a column: published ones fixed at their value, withheld ones free above 1 (or
  /// 0 in a column withheld whole), so that a cell can be withheld on trial.
  LinearProgram(const Cells& c, const std::vector<Rel>& rels) : c_(c) {
    p_.reset(glp_create_prob());
    const int n = static_cast<int>(c.value.size());
    if (n) glp_add_cols(p_.get(), n);
    for (int i = 0; i < n; ++i) set_bounds(static_cast<std::size_t>(i));
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    int row = 0;
    for (const Rel& r : rels) {
      glp_add_rows(p_.get(), 1);
      ++row;
      if (r.rhs_lo < r.rhs_hi)
        glp_set_row_bnds(p_.get(), row, GLP_DB, r.rhs_lo, r.rhs_hi);
      else
        glp_set_row_bnds(p_.get(), row, GLP_FX, r.rhs_lo, r.rhs_lo);
      for (const auto& [i, a] : r.terms) {
        ia.push_back(row);
        ja.push_back(static_cast<int>(i) + 1);
        ar.push_back(a);
      }
    }
    glp_load_matrix(p_.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
    glp_init_smcp(&parm_);
    parm_.msg_lev = GLP_MSG_OFF;
  }
  /// Cell i's column as c says (withheld or published): after a (trial) change of c.blank.
  void set_bounds(std::size_t i) {
    const int j = static_cast<int>(i) + 1;
    if (c_.blank[i])
      glp_set_col_bnds(p_.get(), j, GLP_LO, c_.zero_ok[i] ? 0 : 1, 0);
    else if (c_.pub_lo[i] < c_.pub_hi[i])
      glp_set_col_bnds(p_.get(), j, GLP_DB, c_.pub_lo[i], c_.pub_hi[i]);
    else
      glp_set_col_bnds(p_.get(), j, GLP_FX, c_.pub_lo[i], c_.pub_lo[i]);
  }
  /// Integer values cell i can take (unbounded above: as many as a count needs).
  double values(std::size_t i) {
    if (!c_.blank[i]) return 1;
    const int j = static_cast<int>(i) + 1;
    double b[2];
    for (int dir = 0; dir < 2; ++dir) {
      glp_set_obj_coef(p_.get(), j, 1);
      glp_set_obj_dir(p_.get(), dir == 0 ? GLP_MIN : GLP_MAX);
      const int rc = glp_simplex(p_.get(), &parm_);
      const int st = glp_get_status(p_.get());
      b[dir] = rc == 0 && st == GLP_OPT ? glp_get_obj_val(p_.get()) : (dir == 0 ? 0 : 1e18);
      glp_set_obj_coef(p_.get(), j, 0);
    }
    return std::floor(b[1] + 1e-6) - std::ceil(b[0] - 1e-6) + 1;
  }

 private:
  struct Del {
    void operator()(glp_prob* p) const { glp_delete_prob(p); }
  };
  const Cells& c_;
  std::unique_ptr<glp_prob, Del> p_;
  glp_smcp parm_{};
};

}  // namespace

void Registry::protect(RunContext& ctx, std::vector<bool>& changed) {
  // The tables the newest one is tied to by a code column (wijkcode ...), directly or through
  // others: only they can change; the rest were protected before and stay as they are.
  std::vector<std::uint8_t> active(entries_.size(), 0);
  active.back() = 1;
  auto codes = [](const Entry& E) {
    std::set<std::string> s;
    for (std::size_t j : E.layout.keys) s.insert(E.raw.fields[j].name);
    for (std::size_t j : E.layout.parents) s.insert(E.raw.fields[j].name);
    return s;
  };
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t e = 0; e < entries_.size(); ++e) {
      if (active[e]) continue;
      const auto mine = codes(entries_[e]);
      for (std::size_t a = 0; a < entries_.size() && !active[e]; ++a)
        if (active[a])
          for (const auto& k : codes(entries_[a]))
            if (mine.count(k)) {
              active[e] = 1;
              grew = true;
              break;
            }
    }
  }
  // Cells of those tables.
  Cells c;
  std::vector<std::vector<std::vector<std::int64_t>>> cell_of(entries_.size());
  std::vector<std::pair<std::size_t, std::pair<std::size_t, std::size_t>>> where;
  for (std::size_t e = 0; e < entries_.size(); ++e) {
    const Entry& E = entries_[e];
    cell_of[e].assign(E.raw.rows.size(), std::vector<std::int64_t>(E.layout.counts.size(), -1));
    if (!active[e]) continue;
    for (std::size_t r = 0; r < E.raw.rows.size(); ++r)
      for (std::size_t k = 0; k < E.layout.counts.size(); ++k)
        if (const auto* v = int_of(E.raw.rows[r][E.layout.counts[k]])) {
          cell_of[e][r][k] = static_cast<std::int64_t>(c.value.size());
          c.value.push_back(static_cast<double>(*v));
          const auto [plo, phi] = published_interval(rounded_count(*v));
          // a reader knows a published count is not one of the withheld 1 .. k-1
          c.pub_lo.push_back(
              static_cast<double>(*v >= E.k ? std::max<std::int64_t>(plo, E.k) : plo));
          c.pub_hi.push_back(static_cast<double>(phi));
          c.blank.push_back(E.blank[r][k]);
          c.is_total.push_back(static_cast<int>(E.layout.counts[k]) == E.layout.total);
          // Primary cells (1 .. k-1) must keep a range of max(2, k/2 + 1) values (3 at k = 5);
          // a complement (>= k) may be narrowed: its value could have been published.
          c.need.push_back(*v >= 1 && *v < E.k ? 2 : 1);
          where.push_back({e, {r, k}});
        }
  }
  const std::size_t n = c.value.size();
  c.lo.resize(n);
  c.hi.resize(n);
  c.zero_ok.assign(n, 0);
  std::vector<Rel> rels;
  auto count_pos = [](const Entry& E, std::size_t col) {
    return static_cast<std::size_t>(std::find(E.layout.counts.begin(), E.layout.counts.end(), col) -
                                    E.layout.counts.begin());
  };
  auto sum_rel = [&](std::size_t e, const std::vector<std::size_t>& rows, std::size_t k,
                     bool exact) {
    Rel r;
    for (std::size_t row : rows)
      if (cell_of[e][row][k] >= 0) {
        const auto id = static_cast<std::uint32_t>(cell_of[e][row][k]);
        r.terms.emplace_back(id, 1);
        r.rhs += c.value[id];
      }
    // A total below the threshold is itself withheld wherever it is published: not known.
    const double thr = entries_[e].k;
    const auto [lo, hi] =
        exact ? std::make_pair(static_cast<std::int64_t>(r.rhs), static_cast<std::int64_t>(r.rhs))
              : published_interval(rounded_count(static_cast<std::int64_t>(r.rhs)));
    r.rhs_lo = static_cast<double>(lo);
    r.rhs_hi = static_cast<double>(hi);
    if (r.terms.size() > 1 && (r.rhs == 0 || r.rhs >= thr)) rels.push_back(std::move(r));
  };
  for (std::size_t e = 0; e < entries_.size(); ++e) {
    const Entry& E = entries_[e];
    const CountLayout& L = E.layout;
    // In a row: total = sum of each group.
    if (L.total >= 0)
      for (std::size_t r = 0; r < E.raw.rows.size(); ++r)
        for (const auto& g : L.groups) {
          const std::int64_t t = cell_of[e][r][count_pos(E, static_cast<std::size_t>(L.total))];
          if (t < 0) continue;
          Rel rel;
          rel.terms.emplace_back(static_cast<std::uint32_t>(t), -1);
          bool ok = true;
          for (std::size_t col : g) {
            const std::int64_t id = cell_of[e][r][count_pos(E, col)];
            if (id < 0)
              ok = false;
            else
              rel.terms.emplace_back(static_cast<std::uint32_t>(id), 1);
          }
          if (ok) rels.push_back(std::move(rel));
        }
    // In a column: the total over all rows and over the rows of each parent code.
    std::vector<std::size_t> all(E.raw.rows.size());
    for (std::size_t r = 0; r < all.size(); ++r) all[r] = r;
    // Only areas with codes (buurten, wijken) partition the municipality, so that a column's
    // total is a published figure; named places and buffers overlap and cover part of it.
    // The municipality's total number of incidents is published (the summary line); its
    // totals per category and period are published only where a layer holds them.
    if ((!L.keys.empty() || !L.parents.empty()) && L.total >= 0)
      sum_rel(e, all, count_pos(E, static_cast<std::size_t>(L.total)), true);
    for (std::size_t p : L.parents) {
      std::map<std::string, std::vector<std::size_t>> groups;
      for (std::size_t r = 0; r < E.raw.rows.size(); ++r)
        if (const auto* s = std::get_if<std::string>(&E.raw.rows[r][p])) groups[*s].push_back(r);
      for (const auto& [code, rows] : groups)
        for (std::size_t k = 0; k < L.counts.size(); ++k) sum_rel(e, rows, k, false);
    }
  }
  // Between tables: A nests in B by a code column that is B's key.
  for (std::size_t b = 0; b < entries_.size(); ++b)
    for (std::size_t key : entries_[b].layout.keys)
      for (std::size_t a = 0; a < entries_.size(); ++a) {
        if (a == b) continue;
        const Entry &A = entries_[a], &B = entries_[b];
        const std::string& kname = B.raw.fields[key].name;
        const int ak = A.raw.field_index(kname);
        if (ak < 0) continue;
        std::map<std::string, std::size_t> brow;
        for (std::size_t r = 0; r < B.raw.rows.size(); ++r)
          if (const auto* s = std::get_if<std::string>(&B.raw.rows[r][key])) brow[*s] = r;
        std::vector<std::vector<std::size_t>> members(B.raw.rows.size());
        bool nests = true;
        for (std::size_t r = 0; r < A.raw.rows.size() && nests; ++r) {
          const auto* s = std::get_if<std::string>(&A.raw.rows[r][static_cast<std::size_t>(ak)]);
          auto it = s ? brow.find(*s) : brow.end();
          if (it == brow.end())
            nests = false;
          else
            members[it->second].push_back(r);
        }
        if (!nests) continue;
        for (std::size_t kb = 0; kb < B.layout.counts.size(); ++kb) {
          const int acol = A.raw.field_index(B.raw.fields[B.layout.counts[kb]].name);
          if (acol < 0) continue;
          const std::size_t ka = count_pos(A, static_cast<std::size_t>(acol));
          if (ka >= A.layout.counts.size()) continue;
          std::vector<Rel> add;
          bool holds = true;
          for (std::size_t r = 0; r < B.raw.rows.size() && holds; ++r) {
            const std::int64_t bid = cell_of[b][r][kb];
            if (bid < 0) continue;
            Rel rel;
            rel.terms.emplace_back(static_cast<std::uint32_t>(bid), -1);
            double s = 0;
            for (std::size_t m : members[r]) {
              const std::int64_t id = cell_of[a][m][ka];
              if (id < 0) {
                holds = false;
                break;
              }
              rel.terms.emplace_back(static_cast<std::uint32_t>(id), 1);
              s += c.value[static_cast<std::size_t>(id)];
            }
            if (s != c.value[static_cast<std::size_t>(bid)]) holds = false;
            add.push_back(std::move(rel));
          }
          if (holds)
            for (auto& r : add) rels.push_back(std::move(r));
        }
      }
  // Relations of each cell.
  std::vector<std::vector<std::uint32_t>> rels_of(n);
  for (std::size_t r = 0; r < rels.size(); ++r)
    for (const auto& [i, a] : rels[r].terms) rels_of[i].push_back(static_cast<std::uint32_t>(r));
  // Blanks per relation, and the cost of withholding a cell: the relations it would leave
  // with a single blank (each needs a complement in turn), then a total, then its value.
  std::vector<std::uint32_t> blanks_in(rels.size(), 0);
  for (std::size_t r = 0; r < rels.size(); ++r)
    for (const auto& [i, a] : rels[r].terms) blanks_in[r] += c.blank[i];
  auto cost = [&](std::uint32_t j) {
    int singles = 0;
    for (auto r : rels_of[j]) singles += blanks_in[r] == 0;
    return std::make_tuple(singles, c.is_total[j], c.value[j], j);
  };
  auto withhold = [&](std::uint32_t j) {
    c.blank[j] = 1;
    for (auto r : rels_of[j]) ++blanks_in[r];
  };
  std::size_t added = 0;
  // Then the audit: complementary suppression until every withheld cell is protected.
  std::vector<std::uint8_t> hopeless(n, 0);
  // One complement for the unprotected cell i: the cheapest published non-zero count in one of
  // its relations, else one relation further, else its whole column (zeros included).
  auto fix = [&](std::size_t i, std::vector<std::uint8_t>& touched) {
    auto best_in = [&](const std::vector<std::uint32_t>& rs) {
      std::int64_t best = -1;
      for (auto r : rs)
        for (const auto& [j, a] : rels[r].terms) {
          if (c.blank[j] || c.value[j] < 1) continue;
          if (best < 0 || cost(j) < cost(static_cast<std::uint32_t>(best))) best = j;
        }
      return best;
    };
    std::int64_t pick = best_in(rels_of[i]);
    if (pick < 0) {
      std::vector<std::uint32_t> next;
      for (auto r : rels_of[i])
        for (const auto& [j, a] : rels[r].terms)
          if (c.blank[j] && j != i) next.insert(next.end(), rels_of[j].begin(), rels_of[j].end());
      pick = best_in(next);
    }
    if (pick < 0) {
      // Nothing left to withhold but zeros: the whole column of this table goes (its empty
      // cells may then be 0, which an attacker cannot tell apart).
      const auto [e, rk] = where[i];
      bool grew = false;
      if (c.is_total[i]) {  // the total stays: better a narrow range than no figures
        hopeless[i] = 1;
        return false;
      }
      for (std::size_t j = 0; j < n; ++j)
        if (where[j].first == e && where[j].second.second == rk.second && !c.zero_ok[j]) {
          if (!c.blank[j]) withhold(static_cast<std::uint32_t>(j)), ++added;
          c.zero_ok[j] = 1;
          grew = true;
        }
      if (!grew) {
        hopeless[i] = 1;
        return false;
      }
      for (auto r : rels_of[i]) touched[r] = 1;
      return true;
    }
    withhold(static_cast<std::uint32_t>(pick));
    ++added;
    for (auto r : rels_of[static_cast<std::size_t>(pick)]) touched[r] = 1;
    for (auto r : rels_of[i]) touched[r] = 1;
    return true;
  };
  auto round_of = [&](const std::function<bool(std::size_t)>& weak_cell) {
    std::vector<std::uint8_t> touched(rels.size(), 0);
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!c.blank[i] || c.need[i] <= 1 || hopeless[i] || !weak_cell(i)) continue;
      bool skip = false;
      for (auto r : rels_of[i]) skip = skip || touched[r];
      if (skip) {
        any = true;  // look again after this round's additions
        continue;
      }
      any = fix(i, touched) || any;
    }
    return any;
  };
  // Bounds propagation first (fast), then linear programming, which also combines relations
  // (the attacker's tool): each small withheld count's range over all solutions.
  const std::size_t after_first = added;
  for (std::size_t round = 0; round <= n; ++round) {
    propagate(c, rels);
    if (!round_of([&](std::size_t i) { return violated(c, i); })) break;
  }
  const std::size_t after_bounds = added;
  for (std::size_t round = 0; round <= n; ++round) {
    propagate(c, rels);
    LinearProgram lp(c, rels);
    // A small count the LP pins down: withhold, on trial, each of the cheapest published counts
    // in its relations and in those of the withheld cells beside it, and keep the first that
    // leaves it enough values (else the one that widens it most).
    std::vector<std::uint8_t> touched(rels.size(), 0);
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!c.blank[i] || c.need[i] <= 1 || hopeless[i]) continue;
      bool skip = false;
      for (auto r : rels_of[i]) skip = skip || touched[r];
      if (skip) {
        any = true;
        continue;
      }
      const double now = lp.values(i);
      if (now >= c.need[i]) continue;
      std::set<std::uint32_t> rs(rels_of[i].begin(), rels_of[i].end());
      for (auto r : rels_of[i])
        for (const auto& [j, a] : rels[r].terms)
          if (j != i && c.blank[j]) rs.insert(rels_of[j].begin(), rels_of[j].end());
      std::vector<std::uint32_t> cand;
      for (auto r : rs)
        for (const auto& [j, a] : rels[r].terms)
          if (!c.blank[j] && c.value[j] >= 1) cand.push_back(j);
      std::sort(cand.begin(), cand.end(),
                [&](std::uint32_t x, std::uint32_t y) { return cost(x) < cost(y); });
      cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
      if (cand.size() > 24) cand.resize(24);
      std::int64_t pick = -1;
      double best = now;
      for (std::uint32_t j : cand) {
        c.blank[j] = 1;
        lp.set_bounds(j);
        const double w = lp.values(i);
        c.blank[j] = 0;
        lp.set_bounds(j);
        if (w >= c.need[i]) {
          pick = j;
          break;
        }
        if (w > best) best = w, pick = j;
      }
      if (pick >= 0) {
        withhold(static_cast<std::uint32_t>(pick));
        lp.set_bounds(static_cast<std::size_t>(pick));
        ++added;
        any = true;
        for (auto r : rels_of[static_cast<std::size_t>(pick)]) touched[r] = 1;
        for (auto r : rels_of[i]) touched[r] = 1;
      } else {
        any = fix(i, touched) || any;
      }
    }
    if (!any) break;
  }
  ctx.debug("publication: complements {} (single blanks), {} (bounds), {} (linear programming)",
            after_first, after_bounds - after_first, added - after_bounds);
  std::map<std::string, std::size_t> weak;
  propagate(c, rels);
  LinearProgram last(c, rels);
  for (std::size_t i = 0; i < n; ++i)
    if (c.blank[i] && c.need[i] > 1 && last.values(i) < c.need[i]) {
      ++weak[entries_[where[i].first].name];
    }
  for (const auto& [name, count] : weak)
    if (warned_.insert(name).second)
      ctx.warn(
          "publication: {} withheld count(s) in '{}' can be narrowed to fewer than {} values; "
          "no further count can be withheld to widen that",
          count, name, std::max(2, (entries_.front().k - 1) / 2 + 1));
  // Back into the entries.
  for (std::size_t i = 0; i < n; ++i) {
    const auto& [e, rk] = where[i];
    auto& cell = entries_[e].blank[rk.first][rk.second];
    if (cell != c.blank[i]) {
      cell = c.blank[i];
      changed[e] = true;
    }
  }
  if (added)
    ctx.debug("publication: {} complementary suppression(s) over {} table(s)", added,
              entries_.size());
}

std::size_t Registry::publish(const std::string& name, const Table& raw, const Policy& policy,
                              std::function<void(const Table&)> write, RunContext& ctx) {
  if (policy.internal) {
    write(raw);
    return 0;
  }
  Entry e;
  e.layout = layout_of(raw);
  if (is_published(raw)) {
    // Suppressed before (a published file read again): statistics dropped and values coarsened
    // again, the withheld cells and the column naming them kept.
    CountLayout L;
    L.drop = e.layout.drop;
    L.coarsen = e.layout.coarsen;
    Table t = published_table(raw, L, {});
    const auto j = static_cast<std::size_t>(raw.field_index(kSuppressedColumn));
    t.fields.push_back(raw.fields[j]);
    for (std::size_t i = 0; i < t.rows.size(); ++i) t.rows[i].push_back(raw.rows[i][j]);
    write(t);
    return 0;
  }
  if (e.layout.counts.empty()) {  // statistics: exact values dropped, others coarsened
    write(published_table(raw, e.layout, {}));
    return 0;
  }
  e.name = name;
  e.raw = raw.clone();
  e.k = policy.suppress_below;
  e.write = std::move(write);
  e.blank.assign(raw.rows.size(), std::vector<std::uint8_t>(e.layout.counts.size(), 0));
  for (std::size_t r = 0; r < raw.rows.size(); ++r)
    for (std::size_t k = 0; k < e.layout.counts.size(); ++k)
      if (const auto* v = int_of(raw.rows[r][e.layout.counts[k]]); v && *v > 0 && *v < e.k)
        e.blank[r][k] = 1;
  entries_.push_back(std::move(e));
  std::vector<bool> changed(entries_.size(), false);
  protect(ctx, changed);
  changed.back() = true;
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (changed[i]) {
      Entry& E = entries_[i];
      E.write(published_table(E.raw, E.layout, E.blank));
      if (i + 1 < entries_.size())
        ctx.debug("publication: '{}' written again (suppression grew with '{}')", E.name, name);
    }
  return withheld(name);
}

std::size_t protect_table(Table& t, const Policy& policy, RunContext& ctx) {
  Registry reg;
  Table out;
  const std::size_t n = reg.publish(
      "table", t, policy, [&](const Table& p) { out = p.clone(); }, ctx);
  t = std::move(out);
  return n;
}

}  // namespace hotspot::publish
