/** Pure helpers for maps and distances (no Leaflet, no network). */

const EARTH_RADIUS_M = 6_371_008.8;

export interface LatLng {
  latitude: number;
  longitude: number;
}

/** Great-circle distance in metres (the same formula the server uses). */
export function haversineM(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dp = (b.latitude - a.latitude) * rad;
  const dl = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dp / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dl / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "350 m", "1.2 km", "46 km" in the reader's language's digits. */
export function formatDistance(metres: number, locale: string): string {
  const tag = locale === "bn" ? "bn-BD" : locale === "hi" ? "hi-IN" : "en";
  if (metres < 1000) {
    const m = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }).format(
      Math.round(metres / 10) * 10,
    );
    return `${m} m`;
  }
  const km = metres / 1000;
  const digits = km < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(tag, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(km)} km`;
}

/** South-west and north-east corners holding every point (null when there are none). */
export function boundsOf(points: LatLng[]): [[number, number], [number, number]] | null {
  if (points.length === 0) return null;
  let south = 90;
  let north = -90;
  let west = 180;
  let east = -180;
  for (const p of points) {
    south = Math.min(south, p.latitude);
    north = Math.max(north, p.latitude);
    west = Math.min(west, p.longitude);
    east = Math.max(east, p.longitude);
  }
  return [
    [south, west],
    [north, east],
  ];
}

/** A typed "24.8990, 91.8720" (comma or space between), or null when it is not a point. */
export function parsePoint(text: string): LatLng | null {
  const parts = text
    .trim()
    .split(/[\s,;]+/)
    .filter(Boolean);
  if (parts.length !== 2) return null;
  const [latitude, longitude] = parts.map(Number) as [number, number];
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return { latitude, longitude };
}

/** Today's date as YYYY-MM-DD in the device's time zone. */
export function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
