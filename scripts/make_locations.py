#!/usr/bin/env python3
"""Build geodata/deventer_locaties.geojson: the named places of the Deventer safety report
as polygons in RD New (EPSG:28992), with `name` and `kind`.

Run once by hand (the output is committed); stdlib only. Every polygon says how it was
drawn (`drawn`) and how good it is (`precisie`, `precisie_m`); see geodata/SOURCES.md.
Where only a point is known, a plausible polygon of the stated size is drawn around it.
Where nothing is known (Andriessenplein, IJsselstrandjes, Pothoofdkade, Bergweide 3/4,
Rielerweg), the polygon is placed from the descriptions in the report and the CBS buurten,
and marked `benaderd-onbevestigd`: replace it with BGT/BAG geometry when available.
"""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "geodata", "deventer_locaties.geojson")
BUURTEN = os.path.join(HERE, "..", "geodata", "deventer_buurten.geojson")


def rect(cx, cy, length, width, bearing_deg):
    """Rectangle centred on (cx, cy); `length` along the bearing (degrees from north)."""
    b = math.radians(bearing_deg)
    ux, uy = math.sin(b), math.cos(b)          # along
    vx, vy = uy, -ux                            # across (to the right)
    hl, hw = length / 2, width / 2
    pts = [(cx - ux * hl - vx * hw, cy - uy * hl - vy * hw),
           (cx - ux * hl + vx * hw, cy - uy * hl + vy * hw),
           (cx + ux * hl + vx * hw, cy + uy * hl + vy * hw),
           (cx + ux * hl - vx * hw, cy + uy * hl - vy * hw)]
    return close(pts)


def close(pts):
    pts = [(round(x, 2), round(y, 2)) for x, y in pts]
    # counter-clockwise exterior (positive signed area)
    a = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]))
    if a < 0:
        pts.reverse()
    return pts + [pts[0]]


def strip_along(p0, p1, width, side=1):
    """A strip of `width` m on one side of the segment p0-p1 (a quay along a bank)."""
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    n = math.hypot(dx, dy)
    nx, ny = -dy / n * side, dx / n * side
    return close([p0, p1, (p1[0] + nx * width, p1[1] + ny * width), (p0[0] + nx * width, p0[1] + ny * width)])


def inside(pt, ring):
    x, y = pt
    c = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            c = not c
    return c


# Bearing of the IJssel along the city centre: the De Hoven / Centrum boundary runs from
# (207225, 473986) to (206814, 474458), about 319 degrees; south of the centre the bank
# (Knutteldorp edge) runs from (207618, 473751) to (208030, 473373).
RIVER_CENTRE = math.degrees(math.atan2(206814 - 207225, 474458 - 473986)) % 360
SHARED = "../shared/geodata (locations_points.geojson / locations_polygons.geojson)"

places = [
    # name, kind, rings (list of polygons), precisie, precisie_m, drawn, source
    ("Boreelplein", "square", [rect(208135, 474195, 110, 70, 20)], "benaderd", 50,
     "110 x 70 m rectangle around the square, next to the point Vue Deventer (Boreelplein 36)",
     SHARED + ": point Boreelplein 36"),
    ("Andriessenplein", "square", [rect(211530, 474930, 70, 60, 0)], "benaderd-onbevestigd", 500,
     "70 x 60 m square placed in buurt Het Jeurlink (Colmschate-Vijfhoek): postcode 7425 lies in "
     "Colmschate; no coordinate was found", "report text; postcode only"),
    ("Beestenmarkt", "square", [rect(208040, 474632, 75, 60, 10)], "benaderd", 40,
     "75 x 60 m rectangle around the artwork 'Ode aan de Sallandse koe' on the square",
     SHARED + ": point Beestenmarkt"),
    ("IJsselstrandjes", "riverbank",
     [rect(206985, 474120, 120, 25, RIVER_CENTRE), rect(207075, 473985, 90, 25, RIVER_CENTRE)],
     "benaderd-onbevestigd", 300,
     "two 25 m wide beach strips on the west bank of the IJssel opposite the centre "
     "(report: river beaches by the centre, 2021 parties); no coordinate was found",
     "report text"),
    ("Bergweide 3", "industrial_estate",
     [close([(208150, 473350), (208560, 473060), (208800, 473450), (208440, 473800)])],
     "benaderd-onbevestigd", 300,
     "northern part of buurt BU01500704 Industrieterrein (Rivierenwijk en Bergweide); the "
     "Bergweide 3 boundary itself was not found", "CBS buurt BU01500704"),
    ("Bergweide 4", "industrial_estate",
     [close([(208100, 472500), (208600, 472250), (208950, 472800), (208420, 473040)])],
     "benaderd-onbevestigd", 300,
     "middle part of buurt BU01500704 Industrieterrein, south of Bergweide 3; the Bergweide 4 "
     "boundary itself was not found", "CBS buurt BU01500704"),
    ("Brink", "square", [rect(207790, 474070, 200, 60, 350)], "benaderd", 60,
     "200 x 60 m rectangle along the elongated square, on the point 'Brink'",
     SHARED + ": point Brink"),
    ("Grote Kerkhof", "square", [rect(207420, 473990, 100, 80, 0)], "benaderd", 30,
     "100 x 80 m rectangle around the statue 'Wachtende Moeder', south of the Lebuinuskerk",
     SHARED + ": point Grote Kerkhof"),
    ("Worpplantsoen", "event_site", [rect(206930, 473760, 400, 250, RIVER_CENTRE)], "benaderd", 150,
     "400 x 250 m (10 ha) along the west bank around the point 'Worpplantsoen'",
     SHARED + ": point Worpplantsoen"),
    ("Pothoofdkade", "quay",
     [strip_along((207662, 473710), (207780, 473602), 20, side=1)], "benaderd-onbevestigd", 150,
     "160 m x 20 m quay along the IJssel bank south of the centre (report: 160 m quay directly "
     "south of the centre); no coordinate was found", "report text"),
    ("Boxbergerweg", "street", [rect(208700, 473308, 600, 30, 45)], "benaderd-onbevestigd", 100,
     "600 m x 30 m street corridor through the point Boxbergerweg 127-A; the direction of the "
     "street is assumed", SHARED + ": point Boxbergerweg 127-A"),
    ("Rielerweg", "street",
     [close([(208150, 474585), (209600, 474815), (209595, 474845), (208145, 474615)])],
     "benaderd-onbevestigd", 200,
     "30 m wide street corridor through buurten Rielerweg-West and Rielerweg-Oost, which are "
     "named after it; no road geometry was found", "CBS buurten BU01500405, BU01500406"),
    ("IJsselspoorbrug (spoorbrug IJssellandtong)", "bridge",
     [close([(206541.72, 474119.77), (206884.94, 474509.11), (206869.94, 474522.33), (206526.72, 474133.0)])],
     "benaderd-afgeleid", 10,
     "+/- 10 m corridor around the railway axis between the abutments",
     SHARED + ": corridor polygon (BGT-derived axis)"),
    ("De Adelaarshorst", "stadium",
     [close([(208518.82, 474999.12), (208629.14, 474890.03), (208718.12, 474980.01), (208607.81, 475089.1)])],
     "benaderd-afgeleid", 5, "stadium envelope", SHARED + ": stadium envelope polygon (BAG-derived)"),
]


def main():
    buurten = json.load(open(BUURTEN))
    industrie = next(f for f in buurten["features"] if f["properties"]["buurtcode"] == "BU01500704")
    ring = industrie["geometry"]["coordinates"][0]
    feats = []
    for name, kind, polys, prec, prec_m, drawn, source in places:
        if name.startswith("Bergweide"):
            for poly in polys:
                bad = [p for p in poly if not inside(p, ring)]
                if bad:
                    sys.exit(f"{name}: vertices outside BU01500704: {bad}")
        geom = ({"type": "Polygon", "coordinates": [polys[0]]} if len(polys) == 1
                else {"type": "MultiPolygon", "coordinates": [[p] for p in polys]})
        feats.append({"type": "Feature",
                      "properties": {"name": name, "kind": kind, "precisie": prec,
                                     "precisie_m": prec_m, "drawn": drawn, "source": source},
                      "geometry": geom})
    out = {"type": "FeatureCollection", "name": "deventer_locaties",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
           "features": feats}
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {OUT}: {len(feats)} places")


if __name__ == "__main__":
    main()
