#include "hotspot/change/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/filter.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/join/join.hpp"
#include "hotspot/stats/stats.hpp"

namespace hotspot::change {

namespace {

std::optional<std::int64_t> day(const std::string& s) {
  if (s.size() != 10) return std::nullopt;
  return parse_iso8601(s);
}

/// The incidents of one period (a copy: the two periods are joined separately).
IncidentTable select(const IncidentTable& inc, const Period& p) {
  IncidentFilter f;
  f.from = p.from;
  f.to = p.to;
  IncidentTable t = inc;
  keep_rows(t, apply_filter(t, f));
  return t;
}

std::string value_name(const Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return {};
}

}  // namespace

Period parse_period(const std::string& s, const std::string& option) {
  Period p;
  p.label = s;
  auto bad = [&] {
    return Error(ErrorCode::Usage, fmt::format("{} '{}' is not a period", option, s),
                 {"", "", option},
                 "write a year (2022), a month (2022-03) or a date range (2022-01-01..2022-06-30, "
                 "both days included)");
  };
  int y = 0, m = 0;
  char tail = 0;
  if (const auto dots = s.find(".."); dots != std::string::npos) {
    const auto a = day(s.substr(0, dots)), b = day(s.substr(dots + 2));
    if (!a || !b || *b < *a) throw bad();
    p.from = *a;
    p.to = *b + 86400;
  } else if (s.size() == 4 && std::sscanf(s.c_str(), "%4d%c", &y, &tail) == 1 && y >= 1900 &&
             y <= 2100) {
    p.from = days_from_civil(y, 1, 1) * 86400;
    p.to = days_from_civil(y + 1, 1, 1) * 86400;
  } else if (s.size() == 7 && std::sscanf(s.c_str(), "%4d-%2d%c", &y, &m, &tail) == 2 &&
             y >= 1900 && y <= 2100 && m >= 1 && m <= 12) {
    p.from = days_from_civil(y, static_cast<unsigned>(m), 1) * 86400;
    p.to = (m == 12 ? days_from_civil(y + 1, 1, 1)
                    : days_from_civil(y, static_cast<unsigned>(m + 1), 1)) *
           86400;
  } else {
    throw bad();
  }
  return p;
}

void CompareConfig::validate() const {
  if (!(alpha > 0 && alpha < 1))
    throw Error(ErrorCode::Usage, fmt::format("--alpha {} is not between 0 and 1", alpha),
                {"", "", "--alpha"}, "e.g. --alpha 0.05");
  if (a.from < b.to && b.from < a.to)
    throw Error(ErrorCode::Usage, fmt::format("the periods {} and {} overlap", a.label, b.label),
                {"", "", "--period-b"},
                "compare periods that do not overlap, e.g. --period-a 2021 --period-b 2022");
  // Equal exposure is the test's assumption: a year against a year (365 or 366 days), a month
  // against a month (28 to 31); a year against a month is a mistake.
  const double la = static_cast<double>(a.to - a.from), lb = static_cast<double>(b.to - b.from);
  if (std::max(la, lb) > 1.2 * std::min(la, lb))
    throw Error(
        ErrorCode::Usage,
        fmt::format("the periods {} and {} differ in length: the test assumes equal exposure",
                    a.label, b.label),
        {"", "", "--period-b"},
        "compare a year with a year, a month with a month, or date ranges of equal length");
}

CompareResult compare(const IncidentTable& inc, const AreaLayer& areas, const CompareConfig& cfg,
                      int area_name_col, RunContext& ctx) {
  cfg.validate();
  if (!inc.has_time)
    throw Error(ErrorCode::InputFormat,
                "comparing periods needs timestamps, and the incidents have no time column",
                {"", "", "--time-col"}, "name the column with the date and time with --time-col");
  join::JoinConfig jc;
  jc.keep_assignment = true;
  const IncidentTable ta = select(inc, cfg.a), tb = select(inc, cfg.b);
  const join::JoinResult ra = join::join_points(ta, areas, jc, ctx),
                         rb = join::join_points(tb, areas, jc, ctx);
  CompareResult r;
  r.in_a = ra.joined;
  r.in_b = rb.joined;
  const std::size_t na = areas.size();
  std::vector<double> p(na);
  r.areas.resize(na);
  for (std::size_t i = 0; i < na; ++i) {
    r.areas[i].n_a = ra.total[i];
    r.areas[i].n_b = rb.total[i];
    p[i] = r.areas[i].p = poisson_equal_exposure_p(ra.total[i], rb.total[i]);
  }
  const std::vector<double> q = stats::bh_adjust(p);
  auto cls = [&](std::int64_t a, std::int64_t b, double pf) {
    return pf < cfg.alpha ? (b > a ? "increase" : "decrease") : "no_change";
  };
  for (std::size_t i = 0; i < na; ++i) {
    r.areas[i].p_fdr = q[i];
    r.areas[i].cls = cls(r.areas[i].n_a, r.areas[i].n_b, q[i]);
  }
  auto name_of = [&](std::size_t i) {
    return area_name_col >= 0
               ? value_name(areas.table.rows[i][static_cast<std::size_t>(area_name_col)])
               : std::to_string(i + 1);
  };
  // Municipality-wide per category: each incident once (its first area, the join's rule), and
  // the areas where that category alone changed significantly (BH over the areas again).
  const std::vector<int> cats = inc.categories.sorted_ids();
  auto total_of = [](const IncidentTable& t, const join::JoinResult& jr, int cat) {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < t.size(); ++i)
      if (jr.first_area[i] >= 0 && (cat < 0 || t.category[i] == cat)) ++n;
    return n;
  };
  CategoryChange all{"all", total_of(ta, ra, -1), total_of(tb, rb, -1), 0, {}, {}};
  all.p = poisson_equal_exposure_p(all.n_a, all.n_b);
  for (std::size_t i = 0; i < na; ++i) {
    if (r.areas[i].cls == "increase") all.increase.push_back(name_of(i));
    if (r.areas[i].cls == "decrease") all.decrease.push_back(name_of(i));
  }
  r.categories.push_back(std::move(all));
  for (int c : cats) {
    const std::string& key = inc.categories.name(c);
    // The category may be absent from a period's table: look it up by name there.
    const int ca = ta.categories.find(key), cb = tb.categories.find(key);
    CategoryChange cc{
        key, ca < 0 ? 0 : total_of(ta, ra, ca), cb < 0 ? 0 : total_of(tb, rb, cb), 0, {}, {}};
    cc.p = poisson_equal_exposure_p(cc.n_a, cc.n_b);
    std::vector<double> pc(na);
    for (std::size_t i = 0; i < na; ++i) {
      const std::int64_t a = ca < 0 ? 0 : ra.by_category[i][static_cast<std::size_t>(ca)];
      const std::int64_t b = cb < 0 ? 0 : rb.by_category[i][static_cast<std::size_t>(cb)];
      pc[i] = poisson_equal_exposure_p(a, b);
    }
    const auto qc = stats::bh_adjust(pc);
    for (std::size_t i = 0; i < na; ++i) {
      const std::int64_t a = ca < 0 ? 0 : ra.by_category[i][static_cast<std::size_t>(ca)];
      const std::int64_t b = cb < 0 ? 0 : rb.by_category[i][static_cast<std::size_t>(cb)];
      const std::string k = cls(a, b, qc[i]);
      if (k == "increase") cc.increase.push_back(name_of(i));
      if (k == "decrease") cc.decrease.push_back(name_of(i));
    }
    r.categories.push_back(std::move(cc));
  }
  return r;
}

CompareResult compare_values(const std::vector<std::optional<double>>& a,
                             const std::vector<std::optional<double>>& b, double alpha) {
  CompareResult r;
  r.areas.resize(a.size());
  std::vector<double> p;
  std::vector<std::size_t> known;
  for (std::size_t i = 0; i < a.size(); ++i) {
    AreaChange& c = r.areas[i];
    if (!a[i] || !b[i]) {
      c.known = false;
      continue;
    }
    for (double v : {*a[i], *b[i]})
      if (!(v >= 0) || v != std::floor(v) || v > 1e12)
        throw Error(ErrorCode::InputFormat, fmt::format("area {}: {} is not a count", i + 1, v),
                    {"", "", "--value-a"},
                    "compare columns of counts (registered crimes, incidents), not rates");
    c.n_a = static_cast<std::int64_t>(*a[i]);
    c.n_b = static_cast<std::int64_t>(*b[i]);
    c.p = poisson_equal_exposure_p(c.n_a, c.n_b);
    p.push_back(c.p);
    known.push_back(i);
  }
  const auto q = stats::bh_adjust(p);
  for (std::size_t k = 0; k < known.size(); ++k) {
    AreaChange& c = r.areas[known[k]];
    c.p_fdr = q[k];
    c.cls = q[k] < alpha ? (c.n_b > c.n_a ? "increase" : "decrease") : "no_change";
  }
  return r;
}

Table compare_table(const AreaLayer& areas, const CompareResult& r) {
  Table t;
  t.crs = areas.table.crs;
  t.fields = areas.table.fields;
  for (const char* f : {"n_a", "n_b", "change"}) t.fields.push_back({f, FieldType::Integer});
  for (const char* f : {"change_pct", "p", "p_fdr"}) t.fields.push_back({f, FieldType::Real});
  t.fields.push_back({"class", FieldType::String});
  for (std::size_t i = 0; i < areas.size(); ++i) {
    std::vector<Value> row = areas.table.rows[i];
    const AreaChange& a = r.areas[i];
    if (!a.known) {  // suppressed at the source: nothing to say
      row.resize(row.size() + 7);
      t.rows.push_back(std::move(row));
      t.geometries.emplace_back(areas.table.geometries[i]->clone());
      continue;
    }
    row.emplace_back(a.n_a);
    row.emplace_back(a.n_b);
    row.emplace_back(a.n_b - a.n_a);
    if (a.n_a > 0)
      row.emplace_back(100.0 * static_cast<double>(a.n_b - a.n_a) / static_cast<double>(a.n_a));
    else
      row.emplace_back();  // no change in per cent from nothing
    row.emplace_back(a.p);
    row.emplace_back(a.p_fdr);
    row.emplace_back(a.cls);
    t.rows.push_back(std::move(row));
    t.geometries.emplace_back(areas.table.geometries[i]->clone());
  }
  return t;
}

std::string sentence(const CategoryChange& c, const Period& a, const Period& b) {
  std::string s = fmt::format("{}: {} in {}, {} in {}", c.category, c.n_a, a.label, c.n_b, b.label);
  if (c.n_a > 0)
    s += fmt::format(" ({:+.1f} %",
                     100.0 * static_cast<double>(c.n_b - c.n_a) / static_cast<double>(c.n_a));
  else
    s += " (";
  s += fmt::format("{}p = {:.3g}, {})", c.n_a > 0 ? ", " : "", c.p,
                   c.p < 0.05 ? "significant" : "not significant");
  auto list = [](const std::vector<std::string>& v) {
    std::string o;
    for (std::size_t i = 0; i < v.size() && i < 8; ++i) o += (i ? ", " : "") + v[i];
    if (v.size() > 8) o += fmt::format(" and {} more", v.size() - 8);
    return o;
  };
  if (!c.increase.empty()) s += "; significant increase in " + list(c.increase);
  if (!c.decrease.empty()) s += "; significant decrease in " + list(c.decrease);
  return s;
}

}  // namespace hotspot::change
