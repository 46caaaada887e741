/**
 * Kubernetes resource quantities (`500m`, `2`, `16Gi`, `1e3`), read into plain numbers: CPU in cores,
 * memory and storage in bytes. Both the connector (node capacity) and the fake (scheduling) read them.
 */
const SUFFIXES: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/** The value of a quantity (`"500m"` → 0.5, `"1Gi"` → 1073741824); `undefined` when it is not one. */
export function parseQuantity(quantity: string | number | undefined): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
  if (typeof quantity !== 'string') return undefined;
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return undefined;
  const base = Number(match[1]);
  if (match[2]) return base * 10 ** Number(match[2].slice(1));
  return base * (SUFFIXES[match[3] ?? ''] ?? 1);
}

/** Gigabytes (GiB, as `memoryGb` means) as a quantity: whole mebibytes, `"1536Mi"` for 1.5. */
export function gibToQuantity(gb: number): string {
  const mib = Math.ceil(gb * 1024);
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** CPU cores as a quantity: `"2"`, or millicores (`"1500m"`). */
export function coresToQuantity(cores: number): string {
  const milli = Math.ceil(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}
