"""One Processing algorithm per engine step, its parameters made from the step's declarations.

Parameter names are the option keys in capitals with '_' for '-' (bandwidth-m -> BANDWIDTH_M);
the engine's own checks (types, ranges, combinations) stay the engine's: the algorithm passes
what the user set and reports the engine's message.
"""
import math
import os
import tempfile

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputFolder,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from . import engine

GROUPS = {"analysis": "Analysis", "maps": "Maps", "change": "Change over time", "data": "Data"}
FILTERS = {"table": "CSV files (*.csv)", "image": "PNG images (*.png)", "toml": "TOML files (*.toml)"}
# Files a route writes into its folder that QGIS should load.
FOLDER_LAYERS = {"route": ["routes.geojson", "stops.geojson"]}


def param_name(key):
    return key.replace("-", "_").upper()


class HotspotAlgorithm(QgsProcessingAlgorithm):
    def __init__(self, step):
        super().__init__()
        self.step = step

    def createInstance(self):  # noqa: N802
        return HotspotAlgorithm(self.step)

    def name(self):
        return self.step["name"]

    def displayName(self):  # noqa: N802
        return self.step["summary"].split(":")[0] if ":" in self.step["summary"][:40] else self.step["name"].capitalize()

    def group(self):
        return GROUPS.get(self.step.get("group", ""), "Other")

    def groupId(self):  # noqa: N802
        return self.step.get("group", "other")

    def shortHelpString(self):  # noqa: N802
        lines = [self.step["summary"], ""]
        for o in self.step["options"]:
            unit = f" [{o['unit']}]" if o.get("unit") else ""
            default = f" (default {o['default']})" if o.get("default") else ""
            lines.append(f"<b>{param_name(o['key'])}</b>{unit}: {o['help']}{default}")
        return "<br>".join(lines)

    # --- parameters -------------------------------------------------------------------
    def initAlgorithm(self, config=None):  # noqa: N802
        for o in self.step["options"]:
            p = self._parameter(o)
            if o.get("group") in ("incidents", "filter") and o["key"] != "incidents" and o["role"] != "column":
                p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            if o.get("group") == "incidents" and o["role"] == "column":
                p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(p)
        prof = QgsProcessingParameterFile("PROFILE", "Municipality profile (working CRS, boundary, depot)", optional=True,
                                          fileFilter=FILTERS["toml"])
        prof.setFlags(prof.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(prof)
        thr = QgsProcessingParameterNumber("THREADS", "Worker threads (0: every core)", QgsProcessingParameterNumber.Integer,
                                           0, True, 0, 1024)
        thr.setFlags(thr.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(thr)
        if self.name() in FOLDER_LAYERS:
            self.addOutput(QgsProcessingOutputFolder("OUT_FOLDER", "Output folder"))

    def _parameter(self, o):
        name, key = param_name(o["key"]), o["key"]
        desc = o["help"] + (f" [{o['unit']}]" if o.get("unit") else "")
        required = o.get("required", False)
        optional = not required
        role, kind, fmt = o["role"], o["type"], o.get("format", "")
        if role == "input_file":
            if fmt == "vector":
                types = [QgsProcessing.TypeVector] if key in ("incidents", "addresses") else [QgsProcessing.TypeVectorAnyGeometry]
                return QgsProcessingParameterFeatureSource(name, desc, types, None, optional)
            if fmt == "raster":
                return QgsProcessingParameterRasterLayer(name, desc, None, optional)
            if fmt == "layers":
                return QgsProcessingParameterMultipleLayers(name, desc, QgsProcessing.TypeMapLayer, None, optional)
            if kind == "list":
                return QgsProcessingParameterString(name, desc + " (comma-separated files)", None, False, optional)
            return QgsProcessingParameterFile(name, desc, optional=optional, fileFilter=FILTERS.get(fmt, ""))
        if role == "output_file":
            if fmt == "vector":
                return QgsProcessingParameterVectorDestination(name, desc, QgsProcessing.TypeVectorAnyGeometry, None, optional,
                                                               createByDefault=required)
            if fmt == "raster":
                return QgsProcessingParameterRasterDestination(name, desc, None, optional, createByDefault=required)
            filt = FILTERS.get(fmt, "GeoPackage (*.gpkg)" if key == "gpkg" else "QGIS project (*.qgs)" if key == "qgs" else "")
            return QgsProcessingParameterFileDestination(name, desc, filt, None, optional, createByDefault=required)
        if role == "output_folder":
            return QgsProcessingParameterFolderDestination(name, desc, None, optional, createByDefault=required)
        if role == "column":
            parent = param_name(o.get("column_of", "incidents"))
            return QgsProcessingParameterField(name, desc, None, parent, QgsProcessingParameterField.Any, False, True)
        if kind == "flag":
            return QgsProcessingParameterBoolean(name, desc, o.get("default") == "true", True)
        if o.get("choices"):
            choices = o["choices"]
            default = choices.index(o["default"]) if o.get("default") in choices else None
            return QgsProcessingParameterEnum(name, desc, choices, False, default, default is None)
        if kind in ("integer", "number"):
            t = QgsProcessingParameterNumber.Integer if kind == "integer" else QgsProcessingParameterNumber.Double
            lo = o.get("min", o.get("above", -math.inf))
            if "above" in o:
                lo = o["above"] + (1 if kind == "integer" else 1e-9)
            hi = o.get("max", math.inf)
            default = o.get("default")
            dv = None if default in (None, "") else (int(default) if kind == "integer" else float(default))
            p = QgsProcessingParameterNumber(name, desc, t, dv, dv is None, lo if math.isfinite(lo) else -1e308,
                                             hi if math.isfinite(hi) else 1e308)
            return p
        return QgsProcessingParameterString(name, desc, o.get("default") or None, False, True)

    # --- running --------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        exe = engine.executable()
        if not exe:
            raise QgsProcessingException("the hotspot program was not found (setting hotspot/executable, $HOTSPOT_EXE or PATH)")
        args = [self.name()]
        positional = []
        outputs = {}
        for o in self.step["options"]:
            name, key = param_name(o["key"]), o["key"]
            if name not in parameters or parameters[name] is None:
                continue
            values = self._values(o, parameters, context, feedback)
            if values is None:
                continue
            if o["role"] in ("output_file", "output_folder"):
                outputs[name] = values[0]
            if o.get("positional"):
                positional += values
                continue
            if o["type"] == "flag":
                if values == ["true"]:
                    args.append("--" + key)
                continue
            for v in values:
                args += ["--" + key, v]
        prof = self.parameterAsFile(parameters, "PROFILE", context)
        if prof:
            args += ["--profile", prof]
        threads = self.parameterAsInt(parameters, "THREADS", context)
        if threads:
            args += ["--threads", str(threads)]
        args += positional
        code, err = engine.run(exe, args, feedback)
        if code == -1:
            return {}
        if code != 0:
            raise QgsProcessingException(err or f"hotspot {self.name()} ended with exit code {code}")
        # Styles: <output>.qml beside each layer, which QGIS loads with the layer.
        styled = [p for n, p in outputs.items() if p and os.path.splitext(p)[1].lower() in (".gpkg", ".geojson", ".tif")]
        for folder in [p for n, p in outputs.items() if p and os.path.isdir(p)]:
            for f in FOLDER_LAYERS.get(self.name(), []):
                path = os.path.join(folder, f)
                if os.path.exists(path):
                    styled.append(path)
                    details = QgsProcessingContext.LayerDetails(f"{self.name()} {os.path.splitext(f)[0]}", context.project(),
                                                                f)
                    context.addLayerToLoadOnCompletion(path, details)
            outputs["OUT_FOLDER"] = folder
        if styled:
            engine.run(exe, ["style", "-q"] + styled, feedback)
        return outputs

    def _values(self, o, parameters, context, feedback):
        name, role, kind, fmt = param_name(o["key"]), o["role"], o["type"], o.get("format", "")
        if role == "input_file":
            if fmt == "vector":
                if not parameters.get(name):
                    return None
                path = self.parameterAsCompatibleSourceLayerPath(parameters, name, context, ["gpkg", "geojson", "csv", "shp"],
                                                                 "gpkg", feedback)
                return [path] if path else None
            if fmt == "raster":
                layer = self.parameterAsRasterLayer(parameters, name, context)
                return [layer.source()] if layer else None
            if fmt == "layers":
                layers = self.parameterAsLayerList(parameters, name, context)
                return [lyr.source().split("|")[0] for lyr in layers] or None
            if kind == "list":
                text = self.parameterAsString(parameters, name, context)
                return [t.strip() for t in text.split(",") if t.strip()] or None
            path = self.parameterAsFile(parameters, name, context)
            return [path] if path else None
        if role == "output_file":
            if fmt in ("vector", "raster"):
                path = self.parameterAsOutputLayer(parameters, name, context)
            else:
                path = self.parameterAsFileOutput(parameters, name, context)
            return [path] if path else None
        if role == "output_folder":
            path = self.parameterAsFileOutput(parameters, name, context)
            if not path or path == "TEMPORARY_OUTPUT":
                path = tempfile.mkdtemp(prefix="hotspot-")
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            return [path]
        if role == "column":
            fields = self.parameterAsFields(parameters, name, context)
            return fields[:1] or None
        if kind == "flag":
            return ["true"] if self.parameterAsBool(parameters, name, context) else None
        if o.get("choices"):
            i = self.parameterAsEnum(parameters, name, context)
            v = o["choices"][i] if 0 <= i < len(o["choices"]) else None
            return None if v is None or v == o.get("default") else [v]
        if kind in ("integer", "number"):
            raw = parameters.get(name)
            if raw is None or raw == "":
                return None
            v = self.parameterAsInt(parameters, name, context) if kind == "integer" else self.parameterAsDouble(parameters, name,
                                                                                                                context)
            text = str(v) if kind == "integer" else repr(float(v))
            if o.get("default") not in (None, "") and float(o["default"]) == float(v):
                return None  # the engine's default: not given
            return [text]
        text = self.parameterAsString(parameters, name, context)
        if not text or text == o.get("default"):
            return None
        return [t.strip() for t in text.split(",")] if kind == "list" else [text]
