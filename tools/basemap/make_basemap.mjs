// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Derives Pulsemap's offline basemap from Natural Earth (via the world-atlas TopoJSON package):
//   node make_basemap.mjs <output directory>
// writes one basemap-*.bin per level of detail (LEVELS below). The format is described in README.md beside
// this script and read by src/map/basemap_data.cpp; keep the three in step.
//
// Per level of detail:
//   land     the merged country polygons (objects.land of countries-*.json), projected to Web Mercator
//            world coordinates, cut at the antimeridian and into tiles, triangulated with earcut;
//   coast    the outlines of those polygons as polylines, without the artificial edges that the cut at the
//            antimeridian and the clamp at ±85.05° create;
//   borders  topojson.mesh(countries, (a, b) => a !== b): the boundaries shared by two countries.
// Using the one topology (countries-*.json) for all three keeps the borders ending exactly on the coast, and
// simplifying its shared arcs (topojson-simplify) keeps it so at every level.
//
// Everything is cut into an N×N grid of tiles over the square world so that the map can skip the tiles
// outside the view when zoomed in, and so that no triangle or segment spans the world.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import * as topojson from 'topojson-client';
import { presimplify, simplify } from 'topojson-simplify';
import earcut from 'earcut';

const require = createRequire(import.meta.url);

const MAGIC = 'PMBM';
const VERSION = 1;
const HEADER_FIELDS = 13; // uint32 fields after the magic
// Coordinates are stored on a 2^24 grid per world: exact in float32, and 1/64 px at zoom 10.
const GRID = 1 << 24;
const MAX_LATITUDE = 85.051128779806592;

// The levels of detail, coarsest first. Each takes a Natural Earth scale and simplifies it (Visvalingam, with
// areas measured in Web Mercator so that the error is the same on screen at every latitude) until it deviates
// by about `tolerance` pixels at `zoom`, the highest zoom the map shows it at; src/map/basemap_data.cpp holds
// the same table. The software rasterizer of a wall display pays for every triangle every frame, and a line
// of 1.25 px hides a deviation of a pixel or two: on 1080p, the whole world from 1:50m simplified to 3 px costs
// llvmpipe about a seventh of what the full 1:50m data does, and looks calmer for it. The last level is the
// 1:10m data as it is.
const LEVELS = [
    { file: 'basemap-110m-z2', scale: 110, zoom: 2.3, tolerance: 1.5, tiles: 2 },
    { file: 'basemap-50m-z3', scale: 50, zoom: 3.3, tolerance: 3, tiles: 4 },
    { file: 'basemap-50m-z4', scale: 50, zoom: 4.3, tolerance: 3, tiles: 4 },
    { file: 'basemap-10m-z5', scale: 10, zoom: 5.5, tolerance: 2, tiles: 8 },
    { file: 'basemap-10m-z7', scale: 10, zoom: 7, tolerance: 2, tiles: 8 },
    { file: 'basemap-10m', scale: 10, zoom: 0, tolerance: 0, tiles: 8 },
];

// ---- projection (must match src/map/mercator.h) -------------------------------------------------------------

function mercatorY(lat) {
    const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
    const s = Math.sin((clamped * Math.PI) / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
}

// Unwrapped longitude (may leave [-180, 180]) and latitude to world coordinates; x may leave [0, 1].
function project([lon, lat]) {
    return [(lon + 180) / 360, mercatorY(lat)];
}

function quantize([x, y]) {
    const q = (v) => Math.max(0, Math.min(GRID, Math.round(v * GRID)));
    return [q(x), q(y)];
}

// Visvalingam weight: the area of the triangle a point makes with its neighbours, in Mercator world units,
// so that simplification errs the same on screen at every latitude.
function mercatorTriangleArea(triangle) {
    const p = triangle.map(([lon, lat]) => [(lon + 180) / 360, mercatorY(lat)]);
    for (let k = 1; k < 3; ++k) {
        // Neighbours across the antimeridian are close, not a world apart.
        if (p[k][0] - p[k - 1][0] > 0.5) p[k][0] -= 1;
        else if (p[k][0] - p[k - 1][0] < -0.5) p[k][0] += 1;
    }
    const [a, b, c] = p;
    return Math.abs((a[0] - c[0]) * (b[1] - a[1]) - (a[0] - b[0]) * (c[1] - a[1])) / 2;
}

function simplified(topology, { zoom, tolerance }) {
    if (!tolerance) return topology;
    const worldPx = 256 * 2 ** zoom;
    const minArea = (tolerance / worldPx) ** 2;
    return simplify(presimplify(topology, mercatorTriangleArea), minArea);
}

// ---- antimeridian --------------------------------------------------------------------------------------------

// Makes longitudes continuous along a path: a step of more than 180° is taken as a crossing of the
// antimeridian. Natural Earth is cut at ±180° already, but the quantization in world-atlas turns some +180°
// points into -180°, so rings jump; unwrapping and cutting again gives one consistent rule for every case.
function unwrap(points) {
    const out = [];
    let offset = 0;
    for (let i = 0; i < points.length; ++i) {
        if (i > 0) {
            const d = points[i][0] - points[i - 1][0];
            if (d > 180) offset -= 360;
            else if (d < -180) offset += 360;
        }
        out.push([points[i][0] + offset, points[i][1]]);
    }
    return out;
}

// A ring that goes once around a pole (Antarctica) has no inside in the plane until it is closed along the
// pole; the projection then clamps the pole to the edge of the square world.
function closePolar(ring) {
    const wind = ring[ring.length - 1][0] - ring[0][0];
    if (Math.abs(wind) < 180) return ring;
    const meanLat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    const pole = meanLat < 0 ? -90 : 90;
    return [...ring, [ring[ring.length - 1][0], pole], [ring[0][0], pole]];
}

// ---- tiles ------------------------------------------------------------------------------------------------------

function bounds(points) {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of points) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
    }
    return b;
}

// The tiles (column i, which may lie in another world copy, and row j) that a bounding box touches.
function* tilesOver(b, n) {
    const i0 = Math.floor(b[0] * n);
    const i1 = Math.ceil(b[2] * n) - 1;
    const j0 = Math.min(n - 1, Math.max(0, Math.floor(b[1] * n)));
    const j1 = Math.min(n - 1, Math.ceil(b[3] * n) - 1);
    for (let i = i0; i <= Math.max(i0, i1); ++i) {
        for (let j = j0; j <= Math.max(j0, j1); ++j) {
            yield { i, j, rect: [i / n, j / n, (i + 1) / n, (j + 1) / n], shift: Math.floor(i / n) };
        }
    }
}

function tileIndex(i, j, n) {
    return j * n + (((i % n) + n) % n);
}

// Sutherland–Hodgman against one axis-aligned line: keeps the side where sign * (p[axis] - at) >= 0.
function clipRingAt(ring, axis, at, sign) {
    const out = [];
    const n = ring.length;
    for (let k = 0; k < n; ++k) {
        const a = ring[k];
        const b = ring[(k + 1) % n];
        const ina = sign * (a[axis] - at) >= 0;
        const inb = sign * (b[axis] - at) >= 0;
        if (ina) out.push(a);
        if (ina !== inb) {
            const t = (at - a[axis]) / (b[axis] - a[axis]);
            const p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
            p[axis] = at; // exact, so that neighbouring tiles share their edge
            out.push(p);
        }
    }
    return out;
}

function clipRing(ring, [x0, y0, x1, y1]) {
    let r = clipRingAt(ring, 0, x0, +1);
    r = clipRingAt(r, 0, x1, -1);
    r = clipRingAt(r, 1, y0, +1);
    return clipRingAt(r, 1, y1, -1);
}

// Liang–Barsky: the part of segment a-b inside the rectangle, or null (also when it only touches it).
function clipSegment(a, b, [x0, y0, x1, y1]) {
    let t0 = 0;
    let t1 = 1;
    const d = [b[0] - a[0], b[1] - a[1]];
    for (const [axis, lo, hi] of [
        [0, x0, x1],
        [1, y0, y1],
    ]) {
        if (d[axis] === 0) {
            if (a[axis] < lo || a[axis] > hi) return null;
            continue;
        }
        let ta = (lo - a[axis]) / d[axis];
        let tb = (hi - a[axis]) / d[axis];
        if (ta > tb) [ta, tb] = [tb, ta];
        t0 = Math.max(t0, ta);
        t1 = Math.min(t1, tb);
    }
    if (t0 >= t1) return null;
    const at = (t) => (t === 0 ? a : t === 1 ? b : [a[0] + t * d[0], a[1] + t * d[1]]);
    return [at(t0), at(t1)];
}

// ---- land ------------------------------------------------------------------------------------------------------

function dedupeRing(ring) {
    const out = [];
    for (const p of ring) {
        const last = out[out.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
    return out;
}

function signedArea(ring) {
    let a = 0;
    for (let k = 0, n = ring.length; k < n; ++k) {
        const p = ring[k];
        const q = ring[(k + 1) % n];
        a += p[0] * q[1] - q[0] * p[1];
    }
    return a / 2;
}

function addLand(topology, tiles, n) {
    const land = topojson.feature(topology, topology.objects.land);
    const geometries = land.type === 'FeatureCollection' ? land.features.map((f) => f.geometry) : [land.geometry];
    for (const g of geometries) {
        const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
        for (const polygon of polygons) {
            // Rings entirely beyond the clamp (a tiny ring around the South Pole in the 50m data) vanish.
            const rings = polygon
                .filter((ring) => ring.some((p) => p[1] > -MAX_LATITUDE && p[1] < MAX_LATITUDE))
                .map((ring) => closePolar(unwrap(ring)).map(project));
            if (rings.length === 0) continue;
            // Holes may have been unwrapped into another copy of the world than their outer ring.
            const [outer, ...holes] = rings;
            const outerBounds = bounds(outer);
            const outerMid = (outerBounds[0] + outerBounds[2]) / 2;
            const shiftedHoles = holes.map((h) => {
                const hb = bounds(h);
                const k = Math.round(outerMid - (hb[0] + hb[2]) / 2);
                return h.map(([x, y]) => [x + k, y]);
            });
            for (const tile of tilesOver(outerBounds, n)) {
                const clip = (r) => dedupeRing(clipRing(r, tile.rect).map(([x, y]) => quantize([x - tile.shift, y])));
                const valid = (r) => r.length >= 3 && signedArea(r) !== 0;
                const outerPiece = clip(outer);
                if (!valid(outerPiece)) continue;
                const piece = [outerPiece, ...shiftedHoles.map(clip).filter(valid)];
                triangulate(piece, tiles[tileIndex(tile.i, tile.j, n)]);
            }
        }
    }
}

function triangulate(rings, tile) {
    const flat = [];
    const holeIndices = [];
    for (let k = 0; k < rings.length; ++k) {
        if (k > 0) holeIndices.push(flat.length / 2);
        for (const p of rings[k]) flat.push(p[0], p[1]);
    }
    const triangles = earcut(flat, holeIndices, 2);
    const base = tile.vertices.length;
    for (let k = 0; k < flat.length; k += 2) tile.vertices.push([flat[k], flat[k + 1]]);
    for (const t of triangles) tile.indices.push(base + t);
}

// ---- lines -----------------------------------------------------------------------------------------------------

// Segments that are artifacts, not coastline: along the cut at the antimeridian (x = 0 or x = 1 at both
// ends) or along the clamped poles (y = 0 or y = 1 at both ends).
function artificial(a, b) {
    return (a[0] === b[0] && (a[0] === 0 || a[0] === GRID)) || (a[1] === b[1] && (a[1] === 0 || a[1] === GRID));
}

function addLines(lines, tiles, n, key) {
    for (const raw of lines) {
        const line = unwrap(raw).map(project);
        for (const tile of tilesOver(bounds(line), n)) {
            const out = tiles[tileIndex(tile.i, tile.j, n)][key];
            let current = [];
            const flush = () => {
                if (current.length >= 2) out.push(current);
                current = [];
            };
            for (let k = 1; k < line.length; ++k) {
                const seg = clipSegment(line[k - 1], line[k], tile.rect);
                if (!seg) {
                    flush();
                    continue;
                }
                const [a, b] = seg.map(([x, y]) => quantize([x - tile.shift, y]));
                if (a[0] === b[0] && a[1] === b[1]) continue;
                if (artificial(a, b)) {
                    flush();
                    continue;
                }
                const last = current[current.length - 1];
                if (!last || last[0] !== a[0] || last[1] !== a[1]) {
                    flush();
                    current.push(a);
                }
                current.push(b);
            }
            flush();
        }
    }
}

// ---- output ----------------------------------------------------------------------------------------------------

// Points as int32 deltas from the previous point (x, y interleaved), so that zlib finds the redundancy.
function writeDeltas(view, offset, points) {
    let px = 0;
    let py = 0;
    for (const [x, y] of points) {
        view.setInt32(offset, x - px, true);
        view.setInt32(offset + 4, y - py, true);
        px = x;
        py = y;
        offset += 8;
    }
    return offset;
}

function encode(level, tiles) {
    const sum = (f) => tiles.reduce((s, t) => s + f(t), 0);
    const points = (lines) => lines.reduce((s, l) => s + l.length, 0);
    const totals = {
        landVertices: sum((t) => t.vertices.length),
        landIndices: sum((t) => t.indices.length),
        coastLines: sum((t) => t.coast.length),
        coastPoints: sum((t) => points(t.coast)),
        borderLines: sum((t) => t.borders.length),
        borderPoints: sum((t) => points(t.borders)),
    };
    const rawSize =
        24 * tiles.length +
        8 * totals.landVertices +
        4 * totals.landIndices +
        4 * (totals.coastLines + totals.borderLines) +
        8 * (totals.coastPoints + totals.borderPoints);
    const raw = new DataView(new ArrayBuffer(rawSize));
    let o = 0;
    for (const t of tiles) {
        for (const v of [
            t.vertices.length,
            t.indices.length,
            t.coast.length,
            points(t.coast),
            t.borders.length,
            points(t.borders),
        ]) {
            raw.setUint32(o, v, true);
            o += 4;
        }
    }
    o = writeDeltas(raw, o, tiles.flatMap((t) => t.vertices));
    for (const t of tiles) {
        let previous = 0;
        for (const index of t.indices) {
            raw.setInt32(o, index - previous, true);
            previous = index;
            o += 4;
        }
    }
    for (const key of ['coast', 'borders']) {
        for (const t of tiles) {
            for (const l of t[key]) {
                raw.setUint32(o, l.length, true);
                o += 4;
            }
        }
        o = writeDeltas(raw, o, tiles.flatMap((t) => t[key].flat()));
    }
    if (o !== rawSize) throw new Error(`internal: wrote ${o} of ${rawSize} bytes`);

    // qUncompress() format: the uncompressed size as a big-endian uint32, then a zlib stream.
    const deflated = zlib.deflateSync(Buffer.from(raw.buffer), { level: 9 });
    const payload = Buffer.alloc(4 + deflated.length);
    payload.writeUInt32BE(rawSize, 0);
    deflated.copy(payload, 4);

    const header = Buffer.alloc(4 + 4 * HEADER_FIELDS);
    header.write(MAGIC, 0, 'latin1');
    const fields = [
        VERSION,
        level.scale,
        GRID,
        level.tiles,
        totals.landVertices,
        totals.landIndices,
        totals.coastLines,
        totals.coastPoints,
        totals.borderLines,
        totals.borderPoints,
        rawSize,
        payload.length,
        Math.round(level.zoom * 100), // the zoom the level was simplified for, 0 if it was not
    ];
    if (fields.length !== HEADER_FIELDS) throw new Error('internal: header fields');
    fields.forEach((v, k) => header.writeUInt32LE(v, 4 + 4 * k));
    return { bytes: Buffer.concat([header, payload]), totals };
}

function main() {
    const outDir = process.argv[2];
    if (!outDir) {
        console.error('usage: node make_basemap.mjs <output directory>');
        process.exit(2);
    }
    fs.mkdirSync(outDir, { recursive: true });
    const sources = new Map();
    let total = 0;
    for (const level of LEVELS) {
        if (!sources.has(level.scale)) {
            const file = require.resolve(`world-atlas/countries-${level.scale}m.json`);
            sources.set(level.scale, JSON.parse(fs.readFileSync(file, 'utf8')));
        }
        const topology = simplified(sources.get(level.scale), level);
        const n = level.tiles;
        const tiles = Array.from({ length: n * n }, () => ({ vertices: [], indices: [], coast: [], borders: [] }));
        addLand(topology, tiles, n);
        addLines(topojson.mesh(topology, topology.objects.land).coordinates, tiles, n, 'coast');
        addLines(
            topojson.mesh(topology, topology.objects.countries, (a, b) => a !== b).coordinates,
            tiles,
            n,
            'borders',
        );
        const { bytes, totals } = encode(level, tiles);
        const out = path.join(outDir, `${level.file}.bin`);
        fs.writeFileSync(out, bytes);
        total += bytes.length;
        console.log(`${out}: ${bytes.length} bytes, ${n}x${n} tiles, ${JSON.stringify(totals)}`);
    }
    console.log(`total ${total} bytes`);
}

main();
