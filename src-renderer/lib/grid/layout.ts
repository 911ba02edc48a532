/**
 * The grid's justified layout, as Google Photos and Immich draw theirs: photos
 * keep their aspect ratio in rows of equal height that fill the width, with a
 * header over each day, month or year; groups small enough for one row sit
 * side by side (a day of two photos does not take a line of its own). Pure
 * arithmetic on typed arrays (no DOM), so 20k photos lay out in about a
 * millisecond (`npm run bench -- grid`), and the grid renders only the rows
 * near the viewport.
 */

export type Grouping = 'day' | 'month' | 'year';

export interface LayoutInput {
  /** width / height per photo (1 when unknown) */
  ratios: ArrayLike<number>;
  /** when each photo was taken (ms, wall-clock as UTC), in the grid's order; none: no headers (search results) */
  dates?: ArrayLike<number> | undefined;
  /** without dates: one header before this photo (search results: where the weaker ones start) */
  breakAt?: number | undefined;
  grouping: Grouping;
  /** the grid's inner width in px (without padding) */
  width: number;
  /** the row height aimed at; full rows come out within about 0.8x to 1.25x of it */
  target: number;
  gap: number;
  header: number;
  /** the room a header's words need, px: a group narrower than that is widened to it when groups share a line */
  headerWidth?: number | undefined;
  /** between groups that share a line, px */
  groupGap?: number | undefined;
}

export interface Layout {
  /** per photo: left, top, width, height (px, relative to the grid's padding box) */
  boxes: Float32Array;
  /** per photo: its row (an index into rowStart) */
  rowOf: Int32Array;
  /** per row: first photo, one past the last photo, top, height */
  rowStart: Int32Array;
  rowEnd: Int32Array;
  rowTop: Float32Array;
  rowHeight: Float32Array;
  /** per header: top, left, and the first photo of its group (its date names it) */
  headerTop: Float32Array;
  headerLeft: Float32Array;
  headerFirst: Int32Array;
  /** total height, px */
  height: number;
}

/** Very wide panoramas and very tall screenshots would make rows useless: their tiles are cropped to this range. */
const MIN_RATIO = 0.4;
const MAX_RATIO = 3.5;
/** A row may grow up to this many times the target before its photos are left short of the width (a group's last row). */
const MAX_STRETCH = 1.25;

/** The key that puts two photos in the same group: the same day, month or year. */
export function groupKey(ms: number, grouping: Grouping): number {
  if (grouping === 'day') return Math.floor(ms / 86_400_000);
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  return grouping === 'month' ? y * 12 + d.getUTCMonth() : y;
}

export function clampRatio(r: number): number {
  return Number.isFinite(r) && r > 0 ? Math.min(MAX_RATIO, Math.max(MIN_RATIO, r)) : 1;
}

export function justify(input: LayoutInput): Layout {
  const { ratios, dates, grouping, gap, header } = input;
  const width = Math.max(1, input.width);
  const target = Math.max(16, input.target);
  const n = ratios.length;
  const boxes = new Float32Array(n * 4);
  const rowOf = new Int32Array(n);
  // At most n rows and n headers; trimmed at the end.
  const rowStart = new Int32Array(n);
  const rowEnd = new Int32Array(n);
  const rowTop = new Float32Array(n);
  const rowHeight = new Float32Array(n);
  const headers0 = dates ? n : input.breakAt !== undefined ? 1 : 0;
  const headerTop = new Float32Array(headers0);
  const headerLeft = new Float32Array(headers0);
  const headerFirst = new Int32Array(headers0);
  let rows = 0;
  let headers = 0;
  let top = 0;

  /** Lays out photos [start, end) as one row of height h (fractional px: every tile keeps its ratio exactly); `fill`: the last tile ends at the right edge. */
  const placeRow = (start: number, end: number, h: number, fill: boolean): void => {
    let x = 0;
    for (let i = start; i < end; i++) {
      const w = fill && i === end - 1 ? width - x : clampRatio(ratios[i]!) * h;
      boxes[i * 4] = x;
      boxes[i * 4 + 1] = top;
      boxes[i * 4 + 2] = w;
      boxes[i * 4 + 3] = h;
      rowOf[i] = rows;
      x += w + gap;
    }
    rowStart[rows] = start;
    rowEnd[rows] = end;
    rowTop[rows] = top;
    rowHeight[rows] = h;
    rows++;
    top += h + gap;
  };

  const layGroup = (start: number, end: number): void => {
    let s = start;
    while (s < end) {
      // Add photos until the row at the target height is at least as wide as the grid.
      let sum = 0;
      let e = s;
      while (e < end) {
        sum += clampRatio(ratios[e]!);
        e++;
        if (sum * target + gap * (e - s - 1) >= width) break;
      }
      let h = (width - gap * (e - s - 1)) / sum;
      // The photo that overfilled the row may make it much lower than aimed at: without it, the row may be closer.
      if (e - s > 1 && h < target) {
        const fewer = sum - clampRatio(ratios[e - 1]!);
        const taller = (width - gap * (e - s - 2)) / fewer;
        if (taller / target < target / h && taller <= target * MAX_STRETCH) {
          e--;
          sum = fewer;
          h = taller;
        }
      }
      if (e < end || h <= target * MAX_STRETCH) {
        // A full row, or a last row that fills the width without growing too tall.
        const full = Math.min(h, target * MAX_STRETCH);
        placeRow(s, e, full, full === h);
      } else placeRow(s, e, target, false); // the group's last, short row: left-aligned at the target height
      s = e;
    }
  };

  if (dates && dates.length === n) {
    // Photos of one day share their month and year: the date is taken apart once a day.
    let lastDay = NaN;
    let lastKey = NaN;
    const keyOf = (i: number): number => {
      const day = Math.floor(dates[i]! / 86_400_000);
      if (day !== lastDay) {
        lastDay = day;
        lastKey = groupKey(dates[i]!, grouping);
      }
      return lastKey;
    };
    const headerWidth = input.headerWidth ?? 0;
    const groupGap = input.groupGap ?? 4 * gap;
    /** the line of small groups being filled: its top, the x where the next group goes, its row */
    let line: { top: number; x: number; row: number } | null = null;
    let start = 0;
    while (start < n) {
      const key = keyOf(start);
      let end = start + 1;
      let sum = clampRatio(ratios[start]!);
      while (end < n && keyOf(end) === key) sum += clampRatio(ratios[end++]!);
      const photos = sum * target + gap * (end - start - 1);
      if (photos <= width) {
        // A small group: one row at the target height, beside the previous small group if it fits.
        const block = Math.max(photos, headerWidth);
        if (line && line.x + groupGap + block <= width) {
          const x0 = line.x + groupGap;
          headerTop[headers] = line.top;
          headerLeft[headers] = x0;
          headerFirst[headers++] = start;
          let x = x0;
          for (let i = start; i < end; i++) {
            const w = clampRatio(ratios[i]!) * target;
            boxes.set([x, rowTop[line.row]!, w, target], i * 4);
            rowOf[i] = line.row;
            x += w + gap;
          }
          rowEnd[line.row] = end;
          line.x = x0 + block;
        } else {
          headerTop[headers] = top;
          headerLeft[headers] = 0;
          headerFirst[headers++] = start;
          const lineTop = top;
          top += header;
          line = { top: lineTop, x: block, row: rows };
          placeRow(start, end, target, false);
        }
      } else {
        line = null;
        headerTop[headers] = top;
        headerLeft[headers] = 0;
        headerFirst[headers++] = start;
        top += header;
        layGroup(start, end);
      }
      start = end;
    }
  } else if (input.breakAt !== undefined && input.breakAt > 0 && input.breakAt < n) {
    layGroup(0, input.breakAt);
    headerTop[headers] = top;
    headerLeft[headers] = 0;
    headerFirst[headers++] = input.breakAt;
    top += header;
    layGroup(input.breakAt, n);
  } else layGroup(0, n);

  return {
    boxes,
    rowOf,
    rowStart: rowStart.slice(0, rows),
    rowEnd: rowEnd.slice(0, rows),
    rowTop: rowTop.slice(0, rows),
    rowHeight: rowHeight.slice(0, rows),
    headerTop: headerTop.slice(0, headers),
    headerLeft: headerLeft.slice(0, headers),
    headerFirst: headerFirst.slice(0, headers),
    height: top,
  };
}

/** The first index in a sorted (ascending) array whose value + extent reaches `y`. */
export function firstFrom(tops: Float32Array, heights: Float32Array | number, y: number): number {
  let a = 0;
  let b = tops.length;
  while (a < b) {
    const m = (a + b) >> 1;
    const h = typeof heights === 'number' ? heights : heights[m]!;
    if (tops[m]! + h < y) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * The photo above or below photo `i` (dir -1 or 1): in the previous or next
 * row, the one whose middle is nearest the middle of photo `i`; `i` itself at
 * the first or last row.
 */
export function verticalNeighbour(layout: Layout, i: number, dir: -1 | 1): number {
  const row = layout.rowOf[i]! + dir;
  if (row < 0 || row >= layout.rowStart.length) return i;
  const mid = layout.boxes[i * 4]! + layout.boxes[i * 4 + 2]! / 2;
  let best = layout.rowStart[row]!;
  let bestDist = Infinity;
  for (let j = layout.rowStart[row]!; j < layout.rowEnd[row]!; j++) {
    const d = Math.abs(layout.boxes[j * 4]! + layout.boxes[j * 4 + 2]! / 2 - mid);
    if (d < bestDist) {
      bestDist = d;
      best = j;
    }
  }
  return best;
}
