"""Facts the packages don't ship but the gazetteer needs: outcode centroids, post towns, labels."""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from geo.places import city_label, name_key, trigrams
from geo.sources import City, Postcodes

ALT_NAME_WEIGHT = 0.01  # an alternate name ranks as if the town were a hundredth its size
FUZZY_ALT_MIN_POPULATION = 100_000  # only big cities' nicknames are worth offering as "did you mean"


def outcode_centroids(postcodes: Postcodes) -> list[tuple[str, float, float, int]]:
    """Average each outward code's postcodes: (outcode, lat, lon, postcode count)."""
    outcodes = np.asarray([c[:-3] for c in postcodes.codes.tolist()])
    names, inverse, counts = np.unique(outcodes, return_inverse=True, return_counts=True)
    lat = np.bincount(inverse, weights=postcodes.lat) / counts
    lon = np.bincount(inverse, weights=postcodes.lon) / counts
    return list(zip(names.tolist(), lat.tolist(), lon.tolist(), counts.tolist()))


def _km_grid(lat: np.ndarray, lon: np.ndarray, ref_lat: float) -> np.ndarray:
    """Project to a flat km grid; fine for "which is nearest" within one country."""
    return np.column_stack([lat * 111.2, lon * 111.2 * np.cos(np.radians(ref_lat))]).astype(np.float32)


def _grid_buckets(points: np.ndarray, cell_km: float) -> dict[tuple[int, int], np.ndarray]:
    """Group point indexes by grid cell so a neighbour search only looks nearby."""
    cells = np.floor(points / cell_km).astype(np.int64)
    order = np.lexsort((cells[:, 1], cells[:, 0]))
    keys = [tuple(c) for c in cells[order].tolist()]
    buckets: dict[tuple[int, int], list[int]] = {}
    for key, i in zip(keys, order.tolist()):
        buckets.setdefault(key, []).append(i)
    return {k: np.asarray(v) for k, v in buckets.items()}


def _nearest_one(point: np.ndarray, dst: np.ndarray, buckets: dict, cell_km: float) -> int:
    """Search outward ring by ring until nothing unsearched could be nearer than the best found."""
    cx, cy = (int(v) for v in np.floor(point / cell_km))
    best, best_d2, ring = -1, np.inf, 0
    while ring < 400:
        cells = [(cx + dx, cy + dy) for dx in range(-ring, ring + 1) for dy in range(-ring, ring + 1)
                 if max(abs(dx), abs(dy)) == ring]
        for cell in cells:
            idx = buckets.get(cell)
            if idx is not None:
                d2 = ((dst[idx] - point) ** 2).sum(axis=1)
                j = int(d2.argmin())
                if d2[j] < best_d2:
                    best, best_d2 = int(idx[j]), float(d2[j])
        if best >= 0 and best_d2 <= (ring * cell_km) ** 2:
            break
        ring += 1
    return best


def nearest(src_lat, src_lon, dst_lat, dst_lon, cell_km: float = 20.0) -> np.ndarray:
    """For each source point return the index of the nearest destination point."""
    ref = float(np.mean(dst_lat)) if len(dst_lat) else 0.0
    src = _km_grid(np.asarray(src_lat), np.asarray(src_lon), ref)
    dst = _km_grid(np.asarray(dst_lat), np.asarray(dst_lon), ref)
    buckets = _grid_buckets(dst, cell_km)
    result = np.full(len(src), -1, dtype=np.int64)
    # Most points find their neighbour among the 3x3 cells around them: do those a cell at a time.
    for (cx, cy), members in _grid_buckets(src, cell_km).items():
        near = [buckets[c] for c in ((cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)) if c in buckets]
        if not near:
            continue
        candidates = np.concatenate(near)
        d2 = ((src[members][:, None, :] - dst[candidates][None, :, :]) ** 2).sum(axis=2)
        best = d2.argmin(axis=1)
        settled = d2[np.arange(len(members)), best] <= cell_km ** 2
        result[members[settled]] = candidates[best[settled]]
    for i in np.flatnonzero(result < 0):
        result[i] = _nearest_one(src[i], dst, buckets, cell_km)
    return result


def post_towns(outcodes: list[tuple], cities: list[City]) -> list[str | None]:
    """Name each outcode after the town that dominates it (population over distance squared)."""
    towns = [c for c in cities if c.country == "GB" and c.population >= 1000]
    if not outcodes or not towns:
        return [None] * len(outcodes)
    pop = np.asarray([c.population for c in towns], dtype=np.float64)
    ref = float(np.mean([c.lat for c in towns]))
    town_xy = _km_grid(np.asarray([c.lat for c in towns]), np.asarray([c.lon for c in towns]), ref)
    out_xy = _km_grid(np.asarray([o[1] for o in outcodes]), np.asarray([o[2] for o in outcodes]), ref)
    result = []
    for start in range(0, len(out_xy), 256):
        block = out_xy[start:start + 256]
        d2 = ((block[:, None, :] - town_xy[None, :, :]) ** 2).sum(axis=2)
        pull = pop[None, :] / (np.sqrt(d2) + 2.0) ** 2
        result.extend(towns[i].name for i in pull.argmax(axis=1))
    return result


def districts(cities: list[City], outcodes: list[tuple], zips: list[tuple]) -> dict[int, str | None]:
    """Give each town a district: nearest outcode in GB, county of the nearest ZIP in the US."""
    found: dict[int, str | None] = {}
    gb = [c for c in cities if c.country == "GB"]
    if gb and outcodes:
        idx = nearest([c.lat for c in gb], [c.lon for c in gb], [o[1] for o in outcodes], [o[2] for o in outcodes])
        found.update({c.id: outcodes[i][0] for c, i in zip(gb, idx)})
    us = [c for c in cities if c.country == "US"]
    if us and zips:
        idx = nearest([c.lat for c in us], [c.lon for c in us], [z[1] for z in zips], [z[2] for z in zips])
        found.update({c.id: zips[i][5] for c, i in zip(us, idx)})
    return found


def city_labels(cities: list[City], district_of: dict[int, str | None]) -> dict[int, str]:
    """Label every town uniquely where possible; only a clash earns the district ("Newport, PO30, Wales")."""
    by_key: dict[str, list[City]] = defaultdict(list)
    for city in cities:  # compare as typed-text keys, so "St. Charles" clashes with "Saint Charles"
        by_key[name_key(city_label(city.name, city.country, city.region))].append(city)
    labels = {}
    for group in by_key.values():
        group.sort(key=lambda c: (-c.population, c.id))
        for rank, city in enumerate(group):
            district = district_of.get(city.id) if rank else None
            labels[city.id] = city_label(city.name, city.country, city.region, district)
    return labels


def name_rows(cities: list[City]) -> list[tuple[str, int, int, float]]:
    """Return (name key, city id, is primary, rank) for every name a town answers to."""
    rows = {}
    for city in cities:
        weight = float(city.population + 1)
        key = name_key(city.name)
        if key:
            rows[(key, city.id)] = (key, city.id, 1, weight)
        for alt in city.alt_names:
            key = name_key(alt)
            if key and (key, city.id) not in rows:
                rows[(key, city.id)] = (key, city.id, 0, weight * ALT_NAME_WEIGHT)
    return sorted(rows.values())


def trigram_rows(cities: list[City]) -> tuple[list[tuple[int, str, float]], list[tuple[str, int]]]:
    """Build the fuzzy index: (id, key, best rank) rows and (trigram, id) rows.

    It covers every primary name, plus the alternate names of big cities ("New York" for NYC).
    """
    best: dict[str, float] = {}
    for city in cities:
        names = [city.name] + (city.alt_names if city.population >= FUZZY_ALT_MIN_POPULATION else [])
        for name in names:
            key = name_key(name)
            if key:
                best[key] = max(best.get(key, 0.0), float(city.population + 1))
    keys = [(i, key, rank) for i, (key, rank) in enumerate(sorted(best.items()))]
    postings = sorted((tri, i) for i, key, _ in keys for tri in trigrams(key))
    return keys, postings
