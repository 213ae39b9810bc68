#pragma once
#include <set>
#include <string>
#include <vector>

#include "hotspot/step/step.hpp"
#include "hotspot/synth/synth.hpp"

namespace hotspot::synth {

struct SynthStepConfig {
  synth::SynthConfig cfg;
  std::string out;
  std::string years;
  std::int64_t total = 0;
  std::set<std::string> given;
};

void declare(OptionSet& set, SynthStepConfig& c);
void validate(const SynthStepConfig& c, const step::Env& env);
void run(const SynthStepConfig& c, step::Env& env);

}  // namespace hotspot::synth
