#include "bind.hpp"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace hotspot::cli {

namespace {

std::string type_name(const OptionDecl& d) {
  std::string t;
  switch (d.kind) {
    case OptionKind::Integer:
      t = "INT";
      break;
    case OptionKind::Number:
      t = "NUMBER";
      break;
    default:
      t = d.role == OptionRole::InputFile || d.role == OptionRole::OutputFile ? "FILE"
          : d.role == OptionRole::OutputFolder                                ? "DIR"
                                                                              : "TEXT";
  }
  if (!d.unit.empty()) t += " (" + d.unit + ")";
  return t;
}

std::string help_of(const OptionDecl& d) {
  std::string h = d.help;
  if (!d.choices.empty()) h += fmt::format(" [{}]", fmt::join(d.choices, "|"));
  const bool lo = std::isfinite(d.min), hi = std::isfinite(d.max);
  if ((lo || hi) && d.kind != OptionKind::Text && !(lo && !hi && d.min == 0 && !d.min_exclusive)) {
    if (lo && hi)
      h += fmt::format(" (range {} to {})", d.min, d.max);
    else if (lo)
      h += fmt::format(" ({} {})", d.min_exclusive ? "above" : "at least", d.min);
    else
      h += fmt::format(" (at most {})", d.max);
  }
  return h;
}

}  // namespace

std::shared_ptr<BoundOptions> bind_options(CLI::App& app, const OptionSet& set) {
  auto b = std::make_shared<BoundOptions>();
  for (const auto& d : set.decls()) {
    std::string names = d.positional ? d.key : "--" + d.key;
    for (const auto& a : d.aliases) names += ",--" + a;
    if (d.short_name) names = std::string("-") + d.short_name + "," + names;
    CLI::Option* o = nullptr;
    if (d.kind == OptionKind::Flag) {
      o = app.add_flag(names)->description(help_of(d));
    } else {
      o = app.add_option(names)->description(help_of(d))->type_name(type_name(d));
      if (d.kind == OptionKind::List) {
        o->type_size(1)
            ->expected(1, CLI::detail::expected_max_vector_size)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        o->allow_extra_args(true);
      } else {
        o->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
      }
      if (!d.default_text.empty()) o->default_str(d.default_text);
    }
    if (d.required) o->required();
    b->options.emplace_back(d.key, o);
  }
  return b;
}

void apply_options(const BoundOptions& bound, OptionSet& set) {
  for (const auto& [key, o] : bound.options) {
    if (o->count() == 0) continue;
    const OptionDecl* d = set.find(key);
    if (d->kind == OptionKind::Flag)
      set.assign(key, {});
    else
      set.assign(key, o->results());
  }
}

}  // namespace hotspot::cli
