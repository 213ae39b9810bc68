#pragma once
// The attacker of the publication tests: what a determined reader can derive from published
// tables, by linear programming (GLPK) over every relation the reader can see. Written apart
// from the tool's own audit (publish/counts.cpp, bounds propagation), so that the two check
// each other.
#include <glpk.h>

#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace attack {

class Lp {
 public:
  /// A withheld value the attacker solves for, known to lie in [lo, hi].
  int var(double lo, double hi) {
    lo_.push_back(lo);
    hi_.push_back(hi);
    return static_cast<int>(lo_.size()) - 1;
  }
  /// sum(a_i * x_i) = rhs.
  void equal(std::vector<std::pair<int, double>> terms, double rhs) {
    if (!terms.empty()) rows_.push_back({std::move(terms), rhs});
  }
  std::size_t vars() const { return lo_.size(); }
  std::size_t relations() const { return rows_.size(); }

  /// The range of x_v over every solution of the relations; {NaN, NaN} when infeasible.
  std::pair<double, double> range(int v) {
    build();
    double out[2];
    for (int dir = 0; dir < 2; ++dir) {
      for (int j = 1; j <= static_cast<int>(lo_.size()); ++j) glp_set_obj_coef(p_.get(), j, 0);
      glp_set_obj_coef(p_.get(), v + 1, 1);
      glp_set_obj_dir(p_.get(), dir == 0 ? GLP_MIN : GLP_MAX);
      glp_smcp parm;
      glp_init_smcp(&parm);
      parm.msg_lev = GLP_MSG_OFF;
      parm.presolve = GLP_OFF;
      if (glp_simplex(p_.get(), &parm) != 0 || glp_get_status(p_.get()) != GLP_OPT)
        out[dir] = dir == 0 ? lo_[static_cast<std::size_t>(v)] : hi_[static_cast<std::size_t>(v)];
      else
        out[dir] = glp_get_obj_val(p_.get());
    }
    return {out[0], out[1]};
  }
  /// Integer values the attacker cannot exclude.
  double integer_values(int v) {
    const auto [a, b] = range(v);
    return std::floor(b + 1e-6) - std::ceil(a - 1e-6) + 1;
  }

 private:
  struct Row {
    std::vector<std::pair<int, double>> terms;
    double rhs;
  };
  struct Del {
    void operator()(glp_prob* p) const { glp_delete_prob(p); }
  };
  void build() {
    if (p_) return;
    p_.reset(glp_create_prob());
    glp_add_cols(p_.get(), static_cast<int>(lo_.size()));
    for (std::size_t j = 0; j < lo_.size(); ++j)
      glp_set_col_bnds(p_.get(), static_cast<int>(j) + 1, std::isfinite(hi_[j]) ? GLP_DB : GLP_LO,
                       lo_[j], hi_[j]);
    if (!rows_.empty()) glp_add_rows(p_.get(), static_cast<int>(rows_.size()));
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      glp_set_row_bnds(p_.get(), static_cast<int>(i) + 1, GLP_FX, rows_[i].rhs, rows_[i].rhs);
      for (const auto& [v, a] : rows_[i].terms) {
        ia.push_back(static_cast<int>(i) + 1);
        ja.push_back(v + 1);
        ar.push_back(a);
      }
    }
    glp_load_matrix(p_.get(), static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  }
  std::vector<double> lo_, hi_;
  std::vector<Row> rows_;
  std::unique_ptr<glp_prob, Del> p_;
};

}  // namespace attack
