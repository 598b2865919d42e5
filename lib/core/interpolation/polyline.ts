/**
 * Interpolation of polylines and polygons: CVAT's matching and reduction algorithm
 * (reference notes §3, steps 1–7), written from its description.
 *
 * Each curve is parametrised by its normalised arc length. Every left point is matched to
 * the nearest right point by that parameter, every right point left over is attached to
 * its nearest left point, each match gives one candidate point moved by `offset`, and runs
 * of candidates are thinned out so that the result does not grow without limit.
 *
 * @module
 */

/** A point of a curve. */
interface Point {
  readonly x: number;
  readonly y: number;
}

/** Candidate points and, for every left point, the range of its own candidates. */
interface Candidates {
  readonly points: Point[];
  readonly first: number[];
  readonly last: number[];
}

function toPoints(flat: readonly number[]): Point[] {
  const points: Point[] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) {
    points.push({ x: flat[index], y: flat[index + 1] });
  }
  return points;
}

function toFlat(points: readonly Point[]): number[] {
  const flat: number[] = [];
  for (const point of points) flat.push(point.x, point.y);
  return flat;
}

function distance(a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  return Math.sqrt(dx * dx + dy * dy);
}

/** The length of the sub-curve from point `from` to point `to` (inclusive indices). */
function pathLength(points: readonly Point[], from: number, to: number): number {
  let length = 0;
  for (let index = from; index < to; index++) length += distance(points[index], points[index + 1]);
  return length;
}

/**
 * Step 2: the cumulative arc length of each point divided by the total length. A curve of
 * zero length (all points equal) is parametrised by index instead, so that the first
 * point is still at 0 and the last at 1.
 */
function arcFractions(points: readonly Point[]): number[] {
  const cumulative = [0];
  for (let index = 1; index < points.length; index++) {
    cumulative.push(cumulative[index - 1] + distance(points[index - 1], points[index]));
  }
  const last = points.length - 1;
  const total = cumulative[last];
  if (total === 0) return cumulative.map((_, index) => (last === 0 ? 0 : index / last));
  return cumulative.map((length) => length / total);
}

/** The index of the fraction nearest to `value`; the first minimum wins ties. */
function nearestIndex(value: number, fractions: readonly number[]): number {
  let best = 0;
  let bestGap = Math.abs(value - fractions[0]);
  for (let index = 1; index < fractions.length; index++) {
    const gap = Math.abs(value - fractions[index]);
    if (gap < bestGap) {
      best = index;
      bestGap = gap;
    }
  }
  return best;
}

/**
 * Steps 3–4: for every left point, the sorted list of right points it is matched to.
 * Forward matching gives each left point its nearest right point; every right point that
 * no left point chose is then appended to the list of its own nearest left point.
 */
function matchCurves(
  leftFractions: readonly number[],
  rightFractions: readonly number[],
): number[][] {
  const matches = leftFractions.map((value) => [nearestIndex(value, rightFractions)]);
  const chosen = new Set(matches.map((list) => list[0]));
  rightFractions.forEach((value, index) => {
    if (!chosen.has(index)) matches[nearestIndex(value, leftFractions)].push(index);
  });
  for (const list of matches) list.sort((a, b) => a - b);
  return matches;
}

/** Step 5: one candidate per match, `L[i] + (R[j] - L[i]) * offset`, in left order. */
function buildCandidates(
  left: readonly Point[],
  right: readonly Point[],
  matches: readonly number[][],
  offset: number,
): Candidates {
  const candidates: Candidates = { points: [], first: [], last: [] };
  matches.forEach((list, index) => {
    const from = left[index];
    candidates.first.push(candidates.points.length);
    for (const target of list) {
      const to = right[target];
      candidates.points.push({
        x: from.x + (to.x - from.x) * offset,
        y: from.y + (to.y - from.y) * offset,
      });
    }
    candidates.last.push(candidates.points.length - 1);
  });
  return candidates;
}

/**
 * Thins out the candidates `start..end`: keeps the first, every following one at least
 * `base / (2 * count)` away from the last one kept, and the last. When only the two ends
 * remain and they are closer than that threshold, their midpoint replaces them.
 */
function minimize(
  points: readonly Point[],
  base: number,
  count: number,
  start: number,
  end: number,
): Point[] {
  const threshold = base / (2 * count);
  const kept = [points[start]];
  for (let index = start + 1; index < end; index++) {
    if (distance(kept[kept.length - 1], points[index]) >= threshold) kept.push(points[index]);
  }
  kept.push(points[end]);
  if (kept.length === 2 && distance(points[start], points[end]) < threshold) {
    const [a, b] = kept;
    return [{ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }];
  }
  return kept;
}

/**
 * Step 6: walks the left points, merging each run of consecutive left points that match
 * the same single right point, and emitting one "right segment" for every left point that
 * matches several right points.
 */
function reduce(
  left: readonly Point[],
  right: readonly Point[],
  matches: readonly number[][],
  candidates: Candidates,
): Point[] {
  const { points, first, last } = candidates;
  const output: Point[] = [];
  let runStart = -1;
  let runTarget = -1;
  const closeRun = (end: number): void => {
    if (runStart === end) output.push(points[first[end]]);
    else {
      const base = pathLength(left, runStart, end);
      output.push(...minimize(points, base, end - runStart + 1, first[runStart], first[end]));
    }
    runStart = -1;
  };
  matches.forEach((list, index) => {
    if (list.length === 1) {
      if (runStart >= 0 && runTarget === list[0]) return;
      if (runStart >= 0) closeRun(index - 1);
      runStart = index;
      runTarget = list[0];
      return;
    }
    if (runStart >= 0) closeRun(index - 1);
    const [from, to] = [list[0], list[list.length - 1]];
    const base = pathLength(right, from, to);
    output.push(...minimize(points, base, to - from + 1, first[index], last[index]));
  });
  if (runStart >= 0) closeRun(matches.length - 1);
  return output;
}

/**
 * Interpolates a polyline between two keyframes with CVAT's matching and reduction
 * algorithm. The two curves may have different numbers of points (at least two each, as
 * checked by the caller); the result may have yet another number. Offset 0 returns a copy
 * of the left points.
 *
 * @example
 * ```ts
 * interpolatePolyline([0, 0, 100, 0], [0, 0, 30, 30, 60, 0, 100, 0], 0.5);
 * // [0, 0, 15, 15, 80, 0, 100, 0]
 * ```
 */
export function interpolatePolyline(
  left: readonly number[],
  right: readonly number[],
  offset: number,
): number[] {
  if (offset === 0) return [...left];
  const leftPoints = toPoints(left);
  const rightPoints = toPoints(right);
  const matches = matchCurves(arcFractions(leftPoints), arcFractions(rightPoints));
  const candidates = buildCandidates(leftPoints, rightPoints, matches, offset);
  return toFlat(reduce(leftPoints, rightPoints, matches, candidates));
}

/**
 * Interpolates a polygon: both rings are closed (their first point appended), the
 * polyline algorithm runs on them, and the last output point is dropped.
 *
 * @example
 * ```ts
 * interpolatePolygon([0, 0, 10, 0, 10, 10, 0, 10], [10, 10, 30, 10, 30, 30, 10, 30], 0.5);
 * // [5, 5, 20, 5, 20, 20, 5, 20]
 * ```
 */
export function interpolatePolygon(
  left: readonly number[],
  right: readonly number[],
  offset: number,
): number[] {
  const closedLeft = [...left, left[0], left[1]];
  const closedRight = [...right, right[0], right[1]];
  return interpolatePolyline(closedLeft, closedRight, offset).slice(0, -2);
}
