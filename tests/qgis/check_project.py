"""Open a hotspot QGIS project headless, as QGIS does, and check every layer (run by tests/qgis/run.sh).

Checks: QgsProject.read succeeds; the project CRS is EPSG:28992; every layer is valid, in
EPSG:28992, in the layer tree under its id (QGIS 3.22 replaced short ids, and such layers fell
out of the tree), with the renderer its style gave it; one theme group is on at a time; and
every layer renders headless to an image with drawn pixels.
"""
import sys

from qgis.core import QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsProject
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

app = QgsApplication([], False)
app.initQgis()
project = QgsProject.instance()
if not project.read(sys.argv[1]):
    sys.exit(f"QGIS cannot read {sys.argv[1]}")
if project.crs().authid() != "EPSG:28992":
    sys.exit(f"the project CRS is {project.crs().authid() or 'not set'}, not EPSG:28992")
want = dict(arg.split("=", 1) for arg in sys.argv[2:])  # layer name = renderer type; layers=N: how many
expected_count = int(want.pop("layers", len(want)))
root = project.layerTreeRoot()
seen = {}
for layer in project.mapLayers().values():
    if not layer.isValid():
        sys.exit(f"layer {layer.name()} is not valid ({layer.source()})")
    if layer.crs().authid() != "EPSG:28992":
        sys.exit(f"layer {layer.name()} is in {layer.crs().authid()}")
    if root.findLayer(layer.id()) is None:
        sys.exit(f"layer {layer.name()} (id {layer.id()}) is not in the layer tree")
    kind = layer.renderer().type()
    seen[layer.name()] = kind
    # Render the layer alone; some pixel must be drawn (not the transparent background).
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(project.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(400, 400))
    settings.setBackgroundColor(QColor(0, 0, 0, 0))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    drawn = sum(1 for y in range(0, img.height(), 4) for x in range(0, img.width(), 4) if QColor(img.pixel(x, y)).alpha() > 0)
    if drawn == 0:
        sys.exit(f"layer {layer.name()} renders nothing")
missing = [name for name in want if name not in seen]
if missing:
    sys.exit(f"layers missing from the project as QGIS reads it: {missing} (it has {sorted(seen)})")
for name, renderer in want.items():
    if seen.get(name) != renderer:
        sys.exit(f"layer {name}: renderer {seen.get(name)}, expected {renderer}")
if len(seen) != expected_count:
    sys.exit(f"QGIS sees {len(seen)} layers, the export wrote {expected_count}")
groups = root.findGroups()
on = [g.name() for g in groups if g.isVisible() and g.name() != "Plaatsen"]
if len(on) != 1:
    sys.exit(f"one theme should be on at a time; on: {on}")
print(f"QGIS opened {len(seen)} layers in {len(groups)} groups ({on[0]} on): " +
      ", ".join(f"{k}={v}" for k, v in sorted(seen.items())))
app.exitQgis()
