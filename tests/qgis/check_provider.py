"""The QGIS Processing provider, in real QGIS headless (run by tests/qgis/provider.sh).

Checks: the provider lists one algorithm per engine step (hotspot:<step>) with a parameter for
every option `hotspot describe --json` declares; join, density, stats and route run through
processing.run on the shipped data and give the command line's files byte for byte; outputs
load styled; a model with two hotspot steps runs; a cancelled run stops and leaves no output.
"""
import csv
import json
import os
import subprocess
import sys
import time

PLUGINS, HOTSPOT, WORK, SRC = sys.argv[1:5]  # the folder the plugin is installed in, the program, a work folder, the tree
os.environ["HOTSPOT_EXE"] = HOTSPOT
sys.path.insert(0, PLUGINS)
sys.path.insert(0, "/usr/share/qgis/python/plugins")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsRasterLayer,
    QgsVectorLayer,
)

app = QgsApplication([], False)
app.initQgis()
from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()
import processing  # noqa: E402

import hotspot_provider  # noqa: E402
from hotspot_provider.algorithm import param_name  # noqa: E402

# As QGIS starts a plugin: classFactory, then initProcessing (headless: no initGui).
plugin = hotspot_provider.classFactory(None)
plugin.initProcessing()
provider = QgsApplication.processingRegistry().providerById("hotspot")
G = os.path.join(SRC, "geodata")
INC = os.path.join(G, "deventer_incidents_synth.csv")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def cli(*args):
    subprocess.run([HOTSPOT, *args, "-q"], check=True, capture_output=True)


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


# The program's path is a setting of the provider, under Processing's options.
from processing.core.ProcessingConfig import ProcessingConfig  # noqa: E402

check("HOTSPOT_EXECUTABLE" in ProcessingConfig.settings, "the provider has its executable setting")
ProcessingConfig.setSettingValue("HOTSPOT_EXECUTABLE", HOTSPOT)
os.environ.pop("HOTSPOT_EXE")  # from here on the setting finds the program

# 1. One algorithm per step, a parameter per option.
desc = json.loads(subprocess.run([HOTSPOT, "describe", "--json"], check=True, capture_output=True, text=True).stdout)
ids = {a.id() for a in provider.algorithms()}
check(ids == {"hotspot:" + s["name"] for s in desc["steps"]}, f"algorithms are the steps: {sorted(ids)}")
for s in desc["steps"]:
    alg = QgsApplication.processingRegistry().algorithmById("hotspot:" + s["name"])
    names = {p.name() for p in alg.parameterDefinitions()}
    missing = [o["key"] for o in s["options"] if param_name(o["key"]) not in names]
    check(not missing, f"hotspot:{s['name']} exposes every option{': missing ' + ', '.join(missing) if missing else ''}")
    fields = [p for p in alg.parameterDefinitions() if p.type() == "field"]
    check(all(alg.parameterDefinition(f.parentLayerParameterName()) is not None for f in fields),
          f"hotspot:{s['name']}: field pickers are bound to a layer parameter")

os.makedirs(os.path.join(WORK, "cli"), exist_ok=True)
os.makedirs(os.path.join(WORK, "qgis"), exist_ok=True)
c = lambda f: os.path.join(WORK, "cli", f)  # noqa: E731
q = lambda f: os.path.join(WORK, "qgis", f)  # noqa: E731
buurten = os.path.join(G, "deventer_buurten.geojson")
context = QgsProcessingContext()
feedback = QgsProcessingFeedback()

# 2. join: the same bytes as the command line, and the output loads with its style.
cli("join", "--areas", buurten, "--incidents", INC, "--by", "year", "--out", c("buurten.geojson"))
res = processing.run("hotspot:join", {"AREAS": buurten, "INCIDENTS": INC, "BY": 0, "OUT": q("buurten.geojson")},
                     context=context, feedback=feedback)
check(same_bytes(c("buurten.geojson"), q("buurten.geojson")), "join: the provider's GeoJSON equals the command line's")
layer = QgsVectorLayer(res["OUT"], "buurten")
check(layer.isValid() and layer.featureCount() == 69, "join: 69 buurten")
check(layer.renderer().type() == "graduatedSymbol", f"join: styled as the export styles it ({layer.renderer().type()})")

# A layer that is no file (a memory layer): QGIS writes it out for the engine; same counts.
memory = QgsVectorLayer(buurten, "b").materialize(QgsFeatureRequest())
res = processing.run("hotspot:join", {"AREAS": memory, "INCIDENTS": INC, "OUT": q("memory.csv")}, context=QgsProcessingContext(),
                     feedback=feedback)
cli("join", "--areas", buurten, "--incidents", INC, "--out", c("memory.csv"))
with open(q("memory.csv"), newline="") as a, open(c("memory.csv"), newline="") as b:
    counts = lambda f: [(r["buurtcode"], r["n_incidents"]) for r in csv.DictReader(f)]  # noqa: E731
    ca, cb = counts(a), counts(b)
    check(ca == cb and len(ca) == 69, "join: a memory layer of areas gives the same counts")

# 3. density: the same GeoTIFF.
cli("density", "--incidents", INC, "--category", "jeugdoverlast", "--bandwidth-m", "300", "--cell-m", "50", "--out",
    c("overlast.tif"))
res = processing.run("hotspot:density", {"INCIDENTS": INC, "CATEGORY": "jeugdoverlast", "BANDWIDTH_M": 300, "CELL_M": 50,
                                         "OUT": q("overlast.tif")}, context=context, feedback=feedback)
check(same_bytes(c("overlast.tif"), q("overlast.tif")), "density: the provider's GeoTIFF equals the command line's")
raster = QgsRasterLayer(res["OUT"], "overlast")
check(raster.isValid() and raster.renderer().type() == "singlebandpseudocolor",
      f"density: styled ({raster.renderer().type() if raster.isValid() else 'invalid'})")

# 4. stats: Gi* on a grid over the municipal boundary.
mask = os.path.join(G, "deventer_gemeente.geojson")
cli("stats", "--incidents", INC, "--method", "gistar", "--grid-m", "500", "--mask", mask, "--weights", "distance:1000",
    "--out", c("gistar.geojson"))
res = processing.run("hotspot:stats", {"INCIDENTS": INC, "METHOD": 0, "GRID_M": 500, "MASK": mask, "WEIGHTS": "distance:1000",
                                       "OUT": q("gistar.geojson")}, context=context, feedback=feedback)
check(same_bytes(c("gistar.geojson"), q("gistar.geojson")), "stats: the provider's Gi* layer equals the command line's")

# 5. route: the same schedule; routes and stops are loaded.
stops = os.path.join(G, "deventer_locaties.geojson")
cli("route", "--stops", stops, "--shift", "19:00-23:00", "--teams", "2", "--iterations", "50", "--out", c("route"))
ctx5 = QgsProcessingContext()
res = processing.run("hotspot:route", {"STOPS": stops, "SHIFT": "19:00-23:00", "TEAMS": 2, "ITERATIONS": 50,
                                       "OUT": q("route")}, context=ctx5, feedback=feedback)
check(same_bytes(c("route/schedule.csv"), q("route/schedule.csv")), "route: the provider's schedule equals the command line's")
check(len(ctx5.layersToLoadOnCompletion()) == 2, "route: routes and stops are loaded on completion")

# 6. A model: density, then score at the named places with that density.
model = QgsProcessingModelAlgorithm("hotspot model", "test")
d = QgsProcessingModelChildAlgorithm("hotspot:density")
d.setChildId("density")
d.addParameterSources("INCIDENTS", [QgsProcessingModelChildParameterSource.fromStaticValue(INC)])
d.addParameterSources("BANDWIDTH_M", [QgsProcessingModelChildParameterSource.fromStaticValue(300)])
d.addParameterSources("OUT", [QgsProcessingModelChildParameterSource.fromStaticValue(q("m_density.tif"))])
model.addChildAlgorithm(d)
s = QgsProcessingModelChildAlgorithm("hotspot:score")
s.setChildId("score")
s.addParameterSources("LOCATIONS", [QgsProcessingModelChildParameterSource.fromStaticValue(stops)])
s.addParameterSources("INCIDENTS", [QgsProcessingModelChildParameterSource.fromStaticValue(INC)])
s.addParameterSources("DENSITY", [QgsProcessingModelChildParameterSource.fromChildOutput("density", "OUT")])
s.addParameterSources("OUT", [QgsProcessingModelChildParameterSource.fromStaticValue(q("m_score.geojson"))])
out = QgsProcessingModelOutput("score_out")
out.setChildId("score")
out.setChildOutputName("OUT")
s.setModelOutputs({"score_out": out})
model.addChildAlgorithm(s)
res = processing.run(model, {"score:score_out": q("m_score.geojson")}, context=QgsProcessingContext(), feedback=feedback)
scored = QgsVectorLayer(q("m_score.geojson"), "score")
check(scored.isValid() and scored.featureCount() == 14 and "density" in scored.fields().names(),
      "model: density then score runs, the score has the density column")

# 7. Batch: the same algorithm over several inputs.
for name in ("wijken", "locaties"):
    processing.run("hotspot:join", {"AREAS": os.path.join(G, f"deventer_{name}.geojson"), "INCIDENTS": INC,
                                    "OUT": q(f"batch_{name}.geojson")}, context=QgsProcessingContext(), feedback=feedback)
check(all(os.path.exists(q(f"batch_{n}.geojson")) for n in ("wijken", "locaties")), "batch: one run per input")


# 8. Cancel: a long search is stopped, and leaves no output.
class CancelSoon(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.t0 = time.time()

    def isCanceled(self):  # noqa: N802
        return time.time() - self.t0 > 1.5


t0 = time.time()
processing.run("hotspot:route", {"STOPS": stops, "SHIFT": "19:00-23:00", "TEAMS": 3, "ITERATIONS": 100000000,
                                 "TIME_LIMIT_S": 60, "OUT": q("cancelled")}, context=QgsProcessingContext(), feedback=CancelSoon())
check(time.time() - t0 < 20, f"cancel: stopped after {time.time() - t0:.1f} s")
check(not os.path.exists(q("cancelled/schedule.csv")), "cancel: no schedule written")

# 9. A bad value: the engine's message reaches the user.
try:
    processing.run("hotspot:density", {"INCIDENTS": INC, "CELL_M": 50, "BANDWIDTH": "soms", "OUT": q("bad.tif")},
                   context=QgsProcessingContext(), feedback=feedback)
    check(False, "bad value: an error")
except Exception as e:  # QgsProcessingException
    check("--bandwidth 'soms' is not understood" in str(e), f"bad value: the engine's message ({e})")

if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print("QGIS provider: all checks passed")
