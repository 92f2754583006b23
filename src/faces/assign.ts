/**
 * Minimum-cost assignment (Hungarian algorithm with potentials, O(rows² · cols)).
 * `cost[r][c]` is the cost of giving column c to row r; `Infinity` forbids the pair.
 * Every row gets a distinct column or null when only forbidden columns remain for it.
 * Rows and columns may differ in number; a photo has tens of faces at most, so this is instant.
 */
export function assignMinCost(cost: readonly (readonly number[])[]): (number | null)[] {
  const rows = cost.length;
  if (rows === 0) return [];
  const cols = Math.max(...cost.map((row) => row.length));
  // Each row may also stay unassigned through its own dummy column, at a cost above any allowed pair,
  // so the algorithm always has a finite solution and prefers real pairs.
  let finiteMax = 0;
  for (const row of cost) for (const c of row) if (Number.isFinite(c)) finiteMax = Math.max(finiteMax, Math.abs(c));
  const unassigned = (finiteMax + 1) * (rows + 1);
  const forbidden = unassigned * (rows + 1) * 4;
  const m = cols + rows;
  const at = (r: number, c: number): number => {
    if (c < cols) {
      const v = cost[r]?.[c];
      return v === undefined || !Number.isFinite(v) ? forbidden : v;
    }
    return c - cols === r ? unassigned : forbidden;
  };

  // 1-based arrays as in the classic formulation; column 0 is the virtual start.
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(m + 1);
  const owner = new Int32Array(m + 1); // owner[c] = row holding column c, 0 = free
  const way = new Int32Array(m + 1);
  for (let r = 1; r <= rows; r++) {
    owner[0] = r;
    let c0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[c0] = 1;
      const r0 = owner[c0]!;
      let delta = Infinity;
      let c1 = 0;
      for (let c = 1; c <= m; c++) {
        if (used[c] === 1) continue;
        const reduced = at(r0 - 1, c - 1) - u[r0]! - v[c]!;
        if (reduced < minv[c]!) {
          minv[c] = reduced;
          way[c] = c0;
        }
        if (minv[c]! < delta) {
          delta = minv[c]!;
          c1 = c;
        }
      }
      for (let c = 0; c <= m; c++) {
        if (used[c] === 1) {
          u[owner[c]!] = u[owner[c]!]! + delta;
          v[c] = v[c]! - delta;
        } else {
          minv[c] = minv[c]! - delta;
        }
      }
      c0 = c1;
    } while (owner[c0] !== 0);
    do {
      const c1 = way[c0]!;
      owner[c0] = owner[c1]!;
      c0 = c1;
    } while (c0 !== 0);
  }

  const result: (number | null)[] = new Array<number | null>(rows).fill(null);
  for (let c = 1; c <= cols; c++) {
    const r = owner[c]!;
    if (r !== 0 && Number.isFinite(cost[r - 1]?.[c - 1] ?? Infinity)) result[r - 1] = c - 1;
  }
  return result;
}
