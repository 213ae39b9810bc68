#include "hotspot/core/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "hotspot/core/error.hpp"

namespace hotspot {

namespace {

[[noreturn]] void bad(const OptionDecl& d, const std::string& v, const std::string& what,
                      const std::string& fix) {
  throw Error(ErrorCode::Usage, fmt::format("--{} '{}' {}", d.key, v, what), {"", "", d.key}, fix);
}

double number_of(const OptionDecl& d, const std::string& v) {
  const char* b = v.c_str();
  char* e = nullptr;
  const double x = std::strtod(b, &e);
  if (v.empty() || e == b || *e != '\0' || !std::isfinite(x))
    bad(d, v, "is not a number",
        fmt::format("write a number{}, e.g. --{} {}", d.unit.empty() ? "" : " in " + d.unit, d.key,
                    d.default_text.empty() ? "1" : d.default_text));
  return x;
}

std::string range_text(const OptionDecl& d) {
  const bool lo = std::isfinite(d.min), hi = std::isfinite(d.max);
  const std::string u = d.unit.empty() ? "" : " " + d.unit;
  if (lo && hi) return fmt::format("from {} to {}{}", d.min, d.max, u);
  if (lo) return fmt::format("{} {}{}", d.min_exclusive ? "above" : "at least", d.min, u);
  return fmt::format("at most {}{}", d.max, u);
}

void check_range(const OptionDecl& d, const std::string& v, double x) {
  if (x < d.min || (d.min_exclusive && x == d.min) || x > d.max)
    bad(d, v, "is out of range", fmt::format("give a value {}", range_text(d)));
}

template <typename T>
T integer_of(const OptionDecl& d, const std::string& v) {
  T x{};
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec == std::errc::result_out_of_range)
    bad(d, v, "is too large", fmt::format("give a whole number {}", range_text(d)));
  if (ec != std::errc() || p != v.data() + v.size())
    bad(d, v, "is not a whole number",
        fmt::format("write a whole number, e.g. --{} {}", d.key,
                    d.default_text.empty() ? "3" : d.default_text));
  check_range(d, v, static_cast<double>(x));
  return x;
}

OptionDecl decl(std::string key, std::string help, OptionDecl::Target t, OptionKind kind) {
  OptionDecl d;
  d.key = std::move(key);
  d.help = std::move(help);
  d.target = t;
  d.kind = kind;
  return d;
}

}  // namespace

OptionSet::Builder OptionSet::add(OptionDecl d) {
  for (const auto& e : decls_)
    if (e.key == d.key)
      throw Error(ErrorCode::Internal, fmt::format("option --{} declared twice", d.key));
  d.default_text = option_default_text(d.target);
  decls_.push_back(std::move(d));
  return Builder(decls_.back());
}

OptionSet::Builder OptionSet::text(std::string key, std::string* t, std::string help) {
  return add(decl(std::move(key), std::move(help), t, OptionKind::Text));
}
OptionSet::Builder OptionSet::integer(std::string key, int* t, std::string help) {
  return add(decl(std::move(key), std::move(help), t, OptionKind::Integer));
}
OptionSet::Builder OptionSet::integer(std::string key, unsigned* t, std::string help) {
  auto b = add(decl(std::move(key), std::move(help), t, OptionKind::Integer));
  b.at_least(0);
  return b;
}
OptionSet::Builder OptionSet::integer(std::string key, std::int64_t* t, std::string help) {
  return add(decl(std::move(key), std::move(help), t, OptionKind::Integer));
}
OptionSet::Builder OptionSet::integer(std::string key, std::uint64_t* t, std::string help) {
  auto b = add(decl(std::move(key), std::move(help), t, OptionKind::Integer));
  b.at_least(0);
  return b;
}
OptionSet::Builder OptionSet::number(std::string key, double* t, std::string help) {
  return add(decl(std::move(key), std::move(help), t, OptionKind::Number));
}
OptionSet::Builder OptionSet::flag(std::string key, bool* t, std::string help) {
  return add(decl(std::move(key), std::move(help), t, OptionKind::Flag));
}
OptionSet::Builder OptionSet::list(std::string key, std::vector<std::string>* t, std::string help) {
  return add(decl(std::move(key), std::move(help), t, OptionKind::List));
}
OptionSet::Builder OptionSet::character(std::string key, char* t, std::string help) {
  return add(decl(std::move(key), std::move(help), t, OptionKind::Text));
}

OptionSet::Builder OptionSet::numbers(std::string key, std::vector<double>* t, std::string help) {
  auto b = add(decl(std::move(key), std::move(help), t, OptionKind::List));
  b.comma();
  return b;
}

const OptionDecl* OptionSet::find(const std::string& key) const {
  for (const auto& d : decls_)
    if (d.key == key || std::find(d.aliases.begin(), d.aliases.end(), key) != d.aliases.end())
      return &d;
  return nullptr;
}

std::vector<std::string> OptionSet::keys() const {
  std::vector<std::string> k;
  for (const auto& d : decls_) {
    k.push_back(d.key);
    k.insert(k.end(), d.aliases.begin(), d.aliases.end());
  }
  return k;
}

void OptionSet::assign(const std::string& key, const std::vector<std::string>& values) {
  const OptionDecl* dp = find(key);
  if (!dp)
    throw Error(ErrorCode::Usage, fmt::format("unknown option --{}", key), {"", "", key},
                "see --help for the options");
  const OptionDecl& d = *dp;
  const bool given_before = given_.count(d.key) > 0;
  given_.insert(d.key);
  if (d.kind == OptionKind::List && std::holds_alternative<std::vector<double>*>(d.target)) {
    auto* v = std::get<std::vector<double>*>(d.target);
    if (!given_before) v->clear();  // a given list replaces the default
    for (const auto& s : values) {
      std::size_t b = 0;
      while (b <= s.size()) {
        const std::size_t e = std::min(s.find(',', b), s.size());
        if (e > b) {
          const std::string item = s.substr(b, e - b);
          const double x = number_of(d, item);
          check_range(d, item, x);
          v->push_back(x);
        }
        b = e + 1;
      }
    }
    return;
  }
  if (d.kind == OptionKind::List) {
    auto* v = std::get<std::vector<std::string>*>(d.target);
    if (!given_before) v->clear();  // a given list replaces the default
    for (const auto& s : values) {
      if (!d.split_comma) {
        v->push_back(s);
        continue;
      }
      std::size_t b = 0;
      while (b <= s.size()) {
        const std::size_t e = std::min(s.find(',', b), s.size());
        if (e > b) v->push_back(s.substr(b, e - b));
        b = e + 1;
      }
    }
    if (!d.choices.empty())
      for (const auto& s : *v)
        if (std::find(d.choices.begin(), d.choices.end(), s) == d.choices.end())  // NOLINT
          bad(d, s, "is not one of the allowed values",
              "give one of: " + fmt::format("{}", fmt::join(d.choices, ", ")));
    return;
  }
  if (d.kind == OptionKind::Flag) {
    const std::string v = values.empty() ? "true" : values.back();
    if (v != "true" && v != "false" && v != "1" && v != "0")
      bad(d, v, "is not true or false", fmt::format("write --{} to switch it on", key));
    *std::get<bool*>(d.target) = v == "true" || v == "1";
    return;
  }
  if (values.size() != 1)
    throw Error(ErrorCode::Usage, fmt::format("--{} takes one value, not {}", key, values.size()),
                {"", "", key}, fmt::format("give --{} once", key));
  const std::string& v = values.front();
  if (!d.choices.empty() && std::find(d.choices.begin(), d.choices.end(), v) == d.choices.end())
    bad(d, v, "is not one of the allowed values",
        "give one of: " + fmt::format("{}", fmt::join(d.choices, ", ")));
  std::visit(
      [&](auto* t) {
        using T = std::remove_pointer_t<decltype(t)>;
        if constexpr (std::is_same_v<T, std::string>) {
          *t = v;
        } else if constexpr (std::is_same_v<T, char>) {
          if (v.size() != 1 && v != "\\t" && v != "tab")
            bad(d, v, "is not one character", fmt::format("write e.g. --{} ';'", key));
          *t = v.size() == 1 ? v[0] : '\t';
        } else if constexpr (std::is_same_v<T, double>) {
          const double x = number_of(d, v);
          check_range(d, v, x);
          *t = x;
        } else if constexpr (std::is_same_v<T, bool>) {
          *t = v == "true";
        } else if constexpr (std::is_same_v<T, std::vector<std::string>> ||
                             std::is_same_v<T, std::vector<double>>) {
          (void)t;
        } else {
          *t = integer_of<T>(d, v);
        }
      },
      d.target);
}

void OptionSet::check_required() const {
  for (const auto& d : decls_)
    if (d.required && !given(d.key))
      throw Error(ErrorCode::Usage, fmt::format("--{} is required", d.key), {"", "", d.key},
                  fmt::format("give --{}: {}", d.key, d.help));
}

std::string option_default_text(const OptionDecl::Target& t) {
  return std::visit(
      [](auto* p) -> std::string {
        using T = std::remove_pointer_t<decltype(p)>;
        if constexpr (std::is_same_v<T, std::string>)
          return *p;
        else if constexpr (std::is_same_v<T, char>)
          return *p ? std::string(1, *p) : std::string();
        else if constexpr (std::is_same_v<T, bool>)
          return *p ? "true" : "false";
        else if constexpr (std::is_same_v<T, std::vector<std::string>> ||
                           std::is_same_v<T, std::vector<double>>)
          return fmt::format("{}", fmt::join(*p, ","));
        else if constexpr (std::is_same_v<T, double>)
          return fmt::format("{}", *p);
        else
          return std::to_string(*p);
      },
      t);
}

}  // namespace hotspot
