"""Open a hotspot QGIS project headless and check every layer (run by tests/qgis/run.sh)."""
import sys

from qgis.core import QgsApplication, QgsProject

app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
if not project.read(sys.argv[1]):
    sys.exit(f"QGIS cannot read {sys.argv[1]}")
want = dict(arg.split("=", 1) for arg in sys.argv[2:])  # layer name = renderer type
seen = {}
for layer in project.mapLayers().values():
    if not layer.isValid():
        sys.exit(f"layer {layer.name()} is not valid ({layer.source()})")
    if layer.crs().authid() != "EPSG:28992":
        sys.exit(f"layer {layer.name()} is in {layer.crs().authid()}")
    seen[layer.name()] = layer.renderer().type()
for name, renderer in want.items():
    if seen.get(name) != renderer:
        sys.exit(f"layer {name}: renderer {seen.get(name)}, expected {renderer}")
print(f"QGIS opened {len(seen)} layers: " + ", ".join(f"{k}={v}" for k, v in sorted(seen.items())))
app.exitQgis()
