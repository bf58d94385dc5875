#!/usr/bin/env python3
"""Independent pass reference from Skyfield, for tests/integration (tests/data/skyfield_passes.toml).

Skyfield's find_events brackets rise/culmination/set; each event is then refined here with
Brent's method on Skyfield's own topocentric altitude (geometric, no refraction) to 1 ms, so the
reference is Skyfield's geometry (its TEME→ITRS chain, its UT1) at a precision finer than its
event finder. Usage (needs `pip install skyfield`, offline: the builtin timescale is used):

    python3 tools/skyfield_passes.py tests/data/tle/selection_celestrak_active_20260319.tle \
        > tests/data/skyfield_passes.toml
"""
import sys
from datetime import timedelta

from skyfield.api import EarthSatellite, load, wgs84

NORAD = [25544, 39768, 43013, 20580]
STATIONS = {"koganei": (35.7068, 139.4885, 128.5), "betzdorf": (49.685, 6.350, 300.0)}
MIN_EL_DEG = 10.0
START, END = (2026, 3, 19), (2026, 3, 20)


def read_3le(path):
    lines = [l.rstrip("\r\n") for l in open(path) if l.strip()]
    sats = {}
    for i in range(0, len(lines), 3):
        name, l1, l2 = lines[i], lines[i + 1], lines[i + 2]
        sats[int(l1[2:7])] = (name.strip(), l1, l2)
    return sats


def bisect(f, a, b, tol):
    fa = f(a)
    while b - a > tol:
        m = 0.5 * (a + b)
        fm = f(m)
        if (fm > 0) == (fa > 0):
            a, fa = m, fm
        else:
            b = m
    return 0.5 * (a + b)


def main(path):
    ts = load.timescale(builtin=True)
    sats = read_3le(path)
    t0, t1 = ts.utc(*START), ts.utc(*END)
    print("# Skyfield", __import__("skyfield").__version__, "passes, events refined to 1 ms; see tools/skyfield_passes.py")
    print(f"min_elevation_deg = {MIN_EL_DEG}")
    for norad in NORAD:
        name, l1, l2 = sats[norad]
        sat = EarthSatellite(l1, l2, name, ts)
        for st_name, (lat, lon, alt) in STATIONS.items():
            site = wgs84.latlon(lat, lon, elevation_m=alt)
            rel = sat - site

            def alt_deg(sec, base=t0):
                t = ts.tt_jd(base.tt + sec / 86400.0)
                return rel.at(t).altaz()[0].degrees

            times, events = sat.find_events(site, t0, t1, altitude_degrees=MIN_EL_DEG)
            secs = [(t.tt - t0.tt) * 86400.0 for t in times]
            i = 0
            while i + 2 < len(events) + 1 and i < len(events):
                if events[i] != 0 or i + 2 >= len(events) or events[i + 1] != 1 or events[i + 2] != 2:
                    i += 1
                    continue
                a, c, s = secs[i], secs[i + 1], secs[i + 2]
                aos = bisect(lambda x: alt_deg(x) - MIN_EL_DEG, a - 5, c, 1e-3)
                los = bisect(lambda x: MIN_EL_DEG - alt_deg(x), c, s + 5, 1e-3)
                # TCA: golden-section on altitude around the culmination.
                lo, hi = c - 20, c + 20
                g = 0.6180339887498949
                while hi - lo > 1e-3:
                    x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
                    if alt_deg(x1) < alt_deg(x2):
                        lo = x1
                    else:
                        hi = x2
                tca = 0.5 * (lo + hi)
                fmt = lambda x: (t0.utc_datetime() + timedelta(seconds=x)).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
                print("\n[[pass]]")
                print(f"norad_id = {norad}")
                print(f'station = "{st_name}"')
                print(f'aos = "{fmt(aos)}"')
                print(f'tca = "{fmt(tca)}"')
                print(f'los = "{fmt(los)}"')
                print(f"max_elevation_deg = {alt_deg(tca):.4f}")
                i += 3


if __name__ == "__main__":
    main(sys.argv[1])
