// hotspot describe --json: every step with its options, from the declarations that make the
// command line and the pipeline (issue 20's QGIS provider is built from this).
#include <cmath>
#include <iostream>

#include <nlohmann/json.hpp>

#include "common.hpp"
#include "hotspot/pipeline/steps.hpp"

namespace hotspot::cli {

namespace {

const char* kind_name(OptionKind k) {
  switch (k) {
    case OptionKind::Integer:
      return "integer";
    case OptionKind::Number:
      return "number";
    case OptionKind::Flag:
      return "flag";
    case OptionKind::List:
      return "list";
    default:
      return "text";
  }
}

const char* role_name(OptionRole r) {
  switch (r) {
    case OptionRole::InputFile:
      return "input_file";
    case OptionRole::OutputFile:
      return "output_file";
    case OptionRole::OutputFolder:
      return "output_folder";
    case OptionRole::Column:
      return "column";
    default:
      return "value";
  }
}

}  // namespace

nlohmann::ordered_json describe_steps() {
  nlohmann::ordered_json out;
  out["tool"] = {{"name", "hotspot"}, {"version", HOTSPOT_VERSION}};
  out["steps"] = nlohmann::ordered_json::array();
  for (const auto& def : pipeline::steps()) {
    const auto inst = def.make();
    nlohmann::ordered_json s{{"name", def.name}, {"summary", def.summary}, {"group", def.group}};
    s["options"] = nlohmann::ordered_json::array();
    for (const auto& d : inst->options().decls()) {
      nlohmann::ordered_json o{{"key", d.key},
                               {"type", kind_name(d.kind)},
                               {"role", role_name(d.role)},
                               {"help", d.help}};
      if (!d.unit.empty()) o["unit"] = d.unit;
      if (!d.default_text.empty()) o["default"] = d.default_text;
      if (!d.choices.empty()) o["choices"] = d.choices;
      if (std::isfinite(d.min)) o[d.min_exclusive ? "above" : "min"] = d.min;
      if (std::isfinite(d.max)) o["max"] = d.max;
      if (d.required) o["required"] = true;
      if (d.positional) o["positional"] = true;
      if (d.split_comma) o["comma_separated"] = true;
      if (!d.aliases.empty()) o["aliases"] = d.aliases;
      if (!d.column_of.empty()) o["column_of"] = d.column_of;
      if (!d.group.empty()) o["group"] = d.group;
      if (!d.format.empty())
        o["format"] = d.format;
      else if (d.role != OptionRole::Plain && d.role != OptionRole::Column)
        o["format"] = "file";
      s["options"].push_back(o);
    }
    out["steps"].push_back(s);
  }
  return out;
}

Runner register_describe(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand(
      "describe",
      "Every step with its options (name, type, default, unit, range, help), for tools");
  auto json = std::make_shared<bool>(false);
  sub->add_flag("--json", *json, "As JSON (the only format)");
  add_global_options(*sub, g);
  return [json]() {
    std::cout << describe_steps().dump(2) << "\n";
    return 0;
  };
}

}  // namespace hotspot::cli
