/** bigint columns arrive from pg as strings; money and numbers here stay far below 2^53. */
export const bigintToNumber = { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };
