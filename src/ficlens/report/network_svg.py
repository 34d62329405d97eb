"""The character network as an inline SVG picture (no script, no external files).

Nodes are characters, sized by mentions; edges are ``Document.interactions``, as wide as
the interaction is strong; pairings the relations stage calls romantic are drawn red and
dashed. The layout is a small force-directed one (Fruchterman-Reingold) started from a
circle in a fixed order and run for a fixed number of steps, so the same input always
gives the same picture: no random seed is involved at all.
"""

from __future__ import annotations

import math
from html import escape

import numpy as np

from ..document import Character, Document

WIDTH = 800
HEIGHT = 520
CHAR_W = 7.6  # rough width of one character of a 14px label
MARGIN_Y = 40
MAX_NODES = 30
MAX_LABEL = 22


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def edge_weight(cooccurrence: int, conversation: int, physical: int, fallback: float) -> float:
    """How strong an interaction is: co-occurrences plus talk and touch (counted twice).

    Why the fallback: a relations stage that only scores pairs (romantic/platonic) and
    counts nothing still gets visible edges.
    """
    w = cooccurrence + 2 * conversation + 2 * physical
    return float(w) if w > 0 else max(0.0, fallback)


def _layout(n: int, edges: list[tuple[int, int, float]]) -> np.ndarray:
    """Positions in the unit square, deterministic for the same nodes and edges."""
    if n == 1:
        return np.array([[0.5, 0.5]])
    angles = np.arange(n) * (2 * math.pi / n) - math.pi / 2
    pos = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    if edges:
        weights = np.zeros((n, n))
        for i, j, w in edges:
            weights[i, j] = weights[j, i] = max(weights[i, j], w)
        has_edge = weights > 0
        weights = np.where(has_edge, 0.25 + 0.75 * np.sqrt(weights / weights.max()), 0.0)
        np.fill_diagonal(weights, 0.0)
        k = 1.6 / math.sqrt(n)
        temp = 0.25
        for _ in range(220):
            delta = pos[:, None, :] - pos[None, :, :]
            dist = np.sqrt((delta ** 2).sum(-1)) + 1e-9
            np.fill_diagonal(dist, 1.0)
            force = (k * k / dist ** 2)[:, :, None] * delta  # repulsion
            force -= (weights * dist / k)[:, :, None] * delta  # attraction along edges
            disp = force.sum(1) - 0.05 * pos  # mild gravity keeps loners in view
            length = np.sqrt((disp ** 2).sum(-1, keepdims=True)) + 1e-9
            pos += disp / length * np.minimum(length, temp)
            temp *= 0.985
    lo, hi = pos.min(0), pos.max(0)
    span = float(max((hi - lo).max(), 1e-9))
    out = (pos - lo) / span  # one scale for both axes keeps the shape; centred later
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(xs: list[float], ys: list[float], rs: list[float], widths: list[float],
                 height: float, edges: list[tuple[int, int]] = ()) -> list[tuple[float, float, str]]:
    """(x, baseline y, text-anchor) for each node's name, most mentioned node first.

    Why: in a dense network names drawn at one fixed place hide each other and the
    circles. Each name tries four places (outwards from the middle first: beside,
    then below, above, the other side) and takes the one that overlaps the names
    already placed, the circles, the lines and the picture's edge the least. Greedy
    and deterministic; 30 nodes cost milliseconds.
    """
    n = len(xs)
    cx, cy = sum(xs) / n, sum(ys) / n
    # Points along every line: a name covering many of them hides a connection.
    t = np.linspace(0.1, 0.9, 9)
    pts = np.array([(xs[a] + (xs[b] - xs[a]) * k, ys[a] + (ys[b] - ys[a]) * k)
                    for a, b in edges for k in t]).reshape(-1, 2)
    spread = (max(xs) - min(xs)) or 1.0
    circles = [(x - r, y - r, x + r, y + r) for x, y, r in zip(xs, ys, rs, strict=True)]
    placed: list[tuple[float, float, float, float]] = []
    out: list[tuple[float, float, str]] = []
    for i in range(n):
        x, y, r, w = xs[i], ys[i], rs[i], widths[i]
        right = (x + r + 4, y + 4.5, "start", (x + r + 4, y - 10, x + r + 4 + w, y + 4))
        left = (x - r - 4, y + 4.5, "end", (x - r - 4 - w, y - 10, x - r - 4, y + 4))
        below = (x, y + r + 15, "middle", (x - w / 2, y + r + 4, x + w / 2, y + r + 18))
        above = (x, y - r - 7, "middle", (x - w / 2, y - r - 18, x + w / 2, y - r - 4))
        side = [right, left] if x >= cx else [left, right]
        vert = [below, above] if y >= cy else [above, below]
        if abs(x - cx) < 0.15 * spread:  # near the middle line: above or below reads better
            options = [vert[0], vert[1], side[0], side[1]]
        else:
            options = [side[0], vert[0], vert[1], side[1]]
        best, best_cost = options[0], float("inf")
        for rank, (lx, ly, anchor, box) in enumerate(options):
            cost = sum(_overlap(box, p) for p in placed) * 3.0
            cost += sum(_overlap(box, c) for j, c in enumerate(circles) if j != i)
            outside = max(0.0, -box[0]) + max(0.0, box[2] - WIDTH) + max(0.0, -box[1]) + max(
                0.0, box[3] - height)
            cost += outside * 40.0 + rank * 0.5
            if len(pts):
                inside = ((pts[:, 0] >= box[0]) & (pts[:, 0] <= box[2])
                          & (pts[:, 1] >= box[1]) & (pts[:, 1] <= box[3]))
                cost += 30.0 * float(inside.sum())
            if cost < best_cost:
                best, best_cost = (lx, ly, anchor, box), cost
        placed.append(best[3])
        out.append((best[0], best[1], best[2]))
    return out


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "\u2026"


def render_network(doc: Document, color_class: dict[str, str]) -> str:
    """The network section's picture and legend, or a sentence saying there is none."""
    cast: list[Character] = sorted(doc.characters, key=lambda c: (-c.mentions, c.id))
    if not cast:
        return '<p class="empty">No characters were found, so there is no network to draw.</p>'
    shown = cast[:MAX_NODES]
    index = {c.id: i for i, c in enumerate(shown)}

    romantic: set[tuple[str, str]] = set()
    for rel in doc.relationships:
        if rel.kind == "romantic":
            ids = sorted(set(rel.characters))
            for x in range(len(ids)):
                for y in range(x + 1, len(ids)):
                    romantic.add((ids[x], ids[y]))

    raw: dict[tuple[int, int], tuple[float, str]] = {}
    for it in doc.interactions:
        if it.a not in index or it.b not in index or it.a == it.b:
            continue
        i, j = sorted((index[it.a], index[it.b]))
        w = edge_weight(it.cooccurrence, it.conversation, it.physical, it.romantic + it.platonic)
        detail = (f"{it.cooccurrence} together, {it.conversation} conversation(s), "
                  f"{it.physical} physical")
        old = raw.get((i, j))
        raw[(i, j)] = (w + (old[0] if old else 0.0), detail)
    for a, b in romantic:
        if a in index and b in index and a != b:
            key = tuple(sorted((index[a], index[b])))
            raw.setdefault(key, (0.0, "pairing"))  # type: ignore[arg-type]
    edges = [(i, j, w) for (i, j), (w, _) in sorted(raw.items())]
    pos = _layout(len(shown), [(i, j, max(w, 1e-3)) for i, j, w in edges])

    max_w = max((w for _, _, w in edges), default=0.0) or 1.0
    max_m = max((c.mentions for c in shown), default=0) or 1
    # Side margins wide enough for the longest name beside a node at the edge.
    margin_x = min(170.0, max(60.0, 34.0 + CHAR_W * max(len(_short(c.name)) for c in shown)))
    box_w, box_h = WIDTH - 2 * margin_x, (HEIGHT if len(shown) > 6 else 340) - 2 * MARGIN_Y - 16
    ext = np.maximum(pos.max(0), 1e-9)
    # Fill the wide box, but never squash the picture more than 1.8 : 1.
    sx, sy = box_w / ext[0], box_h / ext[1]
    sx, sy = min(sx, 1.8 * sy), min(sy, 1.8 * sx)
    used_h = max(float(ext[1] * sy), 60.0)  # a flat picture gets a short box, not blank space
    height = int(used_h + 2 * MARGIN_Y + 16)
    xs = margin_x + pos[:, 0] * sx + (box_w - ext[0] * sx) / 2
    ys = MARGIN_Y + pos[:, 1] * sy + (used_h - ext[1] * sy) / 2

    parts = [
        f'<svg class="network" viewBox="0 0 {WIDTH} {height}" role="img" '
        'aria-labelledby="net-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="net-title">Character network: {len(shown)} characters, '
        f'{len(edges)} connections</title>',
        '<g class="edges">',
    ]
    for (i, j), (w, detail) in sorted(raw.items()):
        a, b = shown[i], shown[j]
        pair = tuple(sorted((a.id, b.id)))
        is_rom = pair in romantic
        strength = math.sqrt(max(w, 0.0) / max_w)
        width = 1.0 + 7.0 * strength
        cls = "edge romantic" if is_rom else "edge"
        label = f"{a.name} \u2014 {b.name}: {detail}" + (" (romantic pairing)" if is_rom else "")
        parts.append(
            f'<line class="{cls}" x1="{xs[i]:.1f}" y1="{ys[i]:.1f}" x2="{xs[j]:.1f}" '
            f'y2="{ys[j]:.1f}" stroke-width="{width:.1f}" '
            f'stroke-opacity="{1.0 if is_rom else 0.3 + 0.6 * strength:.2f}"><title>{_e(label)}</title></line>'
        )
    parts.append('</g><g class="nodes">')
    radii = [6.0 + 18.0 * math.sqrt(max(c.mentions, 0) / max_m) for c in shown]
    names = [_short(c.name) for c in shown]
    spots = place_labels([float(x) for x in xs], [float(y) for y in ys], radii,
                         [CHAR_W * len(nm) for nm in names], float(height),
                         [(i, j) for i, j, _ in edges])
    labels = []
    for i, c in enumerate(shown):
        cls = color_class.get(c.id, "")
        parts.append(
            f'<g class="node ck {cls}"><title>{_e(c.name)}: {c.mentions} mention(s)</title>'
            f'<circle cx="{xs[i]:.1f}" cy="{ys[i]:.1f}" r="{radii[i]:.1f}"/></g>'
        )
        lx, ly, anchor = spots[i]
        # names go on top of every circle, so no node hides another's name
        labels.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">'
                      f"{_e(names[i])}</text>")
    parts.append('</g><g class="labels" aria-hidden="true">')
    parts.extend(labels)
    parts.append("</g></svg>")
    legend = ('<p class="legend">Circle size: mentions. Line width: how often two people are '
              'together, talk or touch. <span class="rom-key">Red dashed line</span>: '
              'romantic pairing.')
    if len(cast) > len(shown):
        legend += f" Showing the {len(shown)} most mentioned of {len(cast)} characters."
    legend += "</p>"
    return "".join(parts) + legend
