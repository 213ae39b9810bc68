"""The Processing provider "hotspot": one algorithm per engine step, from `hotspot describe`."""
import os

from qgis.core import QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from . import engine
from .algorithm import HotspotAlgorithm


class HotspotProvider(QgsProcessingProvider):
    def __init__(self):
        super().__init__()
        self.description = None

    def id(self):
        return "hotspot"

    def name(self):
        return "hotspot"

    def longName(self):  # noqa: N802
        return "hotspot: incident maps and hot spot statistics"

    def icon(self):
        return QIcon(os.path.join(os.path.dirname(__file__), "icon.svg"))

    def supportedOutputVectorLayerExtensions(self):  # noqa: N802
        return ["gpkg", "geojson", "csv"]

    def defaultVectorFileExtension(self, has_geometry=True):  # noqa: N802
        return "gpkg" if has_geometry else "csv"

    def supportedOutputRasterLayerExtensions(self):  # noqa: N802
        return ["tif"]

    def defaultRasterFileExtension(self):  # noqa: N802
        return "tif"

    def load(self):
        # The program's path as a setting of the provider (Settings > Options > Processing >
        # Providers > hotspot), beside the other providers' own.
        try:
            from processing.core.ProcessingConfig import ProcessingConfig, Setting

            ProcessingConfig.settingIcons[self.name()] = self.icon()
            ProcessingConfig.addSetting(Setting(self.name(), engine.PROCESSING_SETTING, "hotspot executable", "",
                                                valuetype=Setting.FILE))
            ProcessingConfig.readSettings()
        except ImportError:  # Processing's Python part absent: the QgsSettings key still works
            pass
        self.refreshAlgorithms()
        return True

    def unload(self):
        try:
            from processing.core.ProcessingConfig import ProcessingConfig

            ProcessingConfig.removeSetting(engine.PROCESSING_SETTING)
        except ImportError:
            pass

    def loadAlgorithms(self):  # noqa: N802
        exe = engine.executable()
        if not exe:
            QgsMessageLog.logMessage(
                "hotspot: the hotspot program was not found; set it under Settings > Options > Processing "
                "(or the setting hotspot/executable, or $HOTSPOT_EXE), or put it on PATH",
                "hotspot",
            )
            return
        try:
            self.description = engine.describe(exe)
        except Exception as e:  # a broken or old executable: say so, load nothing
            QgsMessageLog.logMessage(f"hotspot: `{exe} describe --json` failed: {e}", "hotspot")
            return
        for step in self.description["steps"]:
            self.addAlgorithm(HotspotAlgorithm(step))
