"""hotspot as a QGIS plugin: adds the Processing provider (id "hotspot")."""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import HotspotPlugin

    return HotspotPlugin(iface)
